import { ApplicationFailure } from '@temporalio/common';
import type { BroadcastRecipient } from '@partnerflow/db';
import { NonRetryableFailure, reminderSubject, renderTemplate, type MessageTemplateContent, type TemplateVariables } from '@partnerflow/domain';
import { deliverBroadcastMessages, type BroadcastDeliveryDeps, type BroadcastSend, type SendOutcome } from './broadcast-delivery';

export interface BroadcastBatchResult {
  /** Recipients taken in this batch; fewer than the limit means none is left. */
  processed: number;
  sent: number;
  failed: number;
}

const ACK_NOTE = 'This notice needs your acknowledgement: please confirm you have read it in your partner portal.';

/** Some sends failed in a way worth retrying: the activity is retried (sent ones are not sent again). */
function retryIfNeeded(outcomes: SendOutcome[]): void {
  const retry = outcomes.filter((outcome) => outcome.status === 'retry');
  if (retry.length > 0) throw ApplicationFailure.retryable(`${retry.length} message(s) not accepted by SMTP yet: ${retry[0].error}`, 'BroadcastSendRetry');
}

const tally = (processed: number, outcomes: SendOutcome[]): BroadcastBatchResult => ({
  processed,
  sent: outcomes.filter((outcome) => outcome.status === 'sent').length,
  failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
});

export function createBroadcastSendingActivities(deps: BroadcastDeliveryDeps) {
  const { prisma } = deps;

  async function loadBroadcast(broadcastId: string) {
    const broadcast = await prisma.broadcast.findUnique({ where: { id: broadcastId } });
    if (!broadcast) throw ApplicationFailure.nonRetryable(`broadcast ${broadcastId} does not exist`, NonRetryableFailure.NOT_FOUND);
    const program = await prisma.program.findUniqueOrThrow({ where: { id: broadcast.programId } });
    return { broadcast, program };
  }

  /** The sends for `rows`, rendered per partner; `reminder` rounds mark the subject and use their own keys. */
  async function sendsFor(broadcastId: string, rows: BroadcastRecipient[], reminder?: number): Promise<BroadcastSend[]> {
    const { broadcast, program } = await loadBroadcast(broadcastId);
    const partners = new Map((await prisma.partner.findMany({ where: { id: { in: rows.map((row) => row.partnerId) } } })).map((p) => [p.id, p]));
    const content: MessageTemplateContent = {
      subject: broadcast.subject,
      format: broadcast.format,
      body: broadcast.requireAck ? `${broadcast.body}\n\n${ACK_NOTE}` : broadcast.body,
      variables: broadcast.variables as TemplateVariables,
    };
    const values = broadcast.values as Record<string, unknown>;
    return rows.flatMap((row) => {
      const partner = partners.get(row.partnerId);
      if (!partner) return [];
      const outcome = renderTemplate(content, { ...values, partnerName: partner.name, partnerEmail: partner.email, partnerId: partner.id, programName: program.name });
      // (checked with sample values when the broadcast was created)
      if (!outcome.ok) throw ApplicationFailure.nonRetryable(`broadcast ${broadcastId} cannot be rendered: ${JSON.stringify(outcome.details)}`, NonRetryableFailure.INVALID_CONFIG);
      const { rendered } = outcome;
      return [{
        idempotencyKey: reminder ? `${row.idempotencyKey}:reminder-${reminder}` : row.idempotencyKey,
        programId: broadcast.programId,
        partnerId: row.partnerId,
        channel: row.channel,
        recipient: row.channel === 'email' ? partner.email : partner.id,
        subject: reminder ? reminderSubject(rendered.subject, reminder) : rendered.subject,
        text: rendered.text,
        html: rendered.html,
        broadcastId,
        step: reminder ? `${row.partnerId}:${row.channel}:reminder-${reminder}` : `${row.partnerId}:${row.channel}`,
      }];
    });
  }

  /** The batch's rows as their messages ended, in one statement (a crash before it: the retry marks them). */
  async function markRecipients(outcomes: SendOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await prisma.$executeRaw`
      UPDATE broadcast_recipients r SET status = u.status::"BroadcastRecipientStatus", message_id = u.message_id, error = u.error,
        sent_at = CASE WHEN u.status = 'sent' THEN now() ELSE r.sent_at END
      FROM unnest(${outcomes.map((o) => o.key)}::text[], ${outcomes.map((o) => o.status)}::text[], ${outcomes.map((o) => o.messageId)}::text[], ${outcomes.map((o) => o.error)}::text[])
        AS u(key, status, message_id, error)
      WHERE r.idempotency_key = u.key`;
  }

  return {
    /**
     * The next `limit` recipients still queued (by partner, then channel): each gets its message
     * once — recorded under `broadcast:<id>:<partnerId>:<channel>` before sending — and its row
     * says sent or failed. After a crash the retry takes the same rows: what was sent is not sent
     * again, only marked.
     */
    async sendBroadcastBatch({ broadcastId, limit }: { broadcastId: string; limit: number }): Promise<BroadcastBatchResult> {
      const rows = await prisma.broadcastRecipient.findMany({ where: { broadcastId, status: 'queued' }, orderBy: [{ partnerId: 'asc' }, { channel: 'asc' }], take: limit });
      if (rows.length === 0) return { processed: 0, sent: 0, failed: 0 };
      const outcomes = await deliverBroadcastMessages(deps, await sendsFor(broadcastId, rows));
      await markRecipients(outcomes.filter((outcome) => outcome.status !== 'retry'));
      retryIfNeeded(outcomes);
      return tally(rows.length, outcomes);
    },

    /**
     * Reminder `round` to the next `limit` recipients it is due to: delivered, not yet reminded in
     * this round, and whose partner has not acknowledged the notice (with requireAck) or not read
     * it on any channel (without). Keyed `<recipient key>:reminder-<round>`.
     */
    async sendBroadcastReminders({ broadcastId, round, limit }: { broadcastId: string; round: number; limit: number }): Promise<BroadcastBatchResult> {
      const { broadcast } = await loadBroadcast(broadcastId);
      const rows = await prisma.$queryRaw<BroadcastRecipient[]>`
        SELECT r.broadcast_id AS "broadcastId", r.partner_id AS "partnerId", r.channel, r.idempotency_key AS "idempotencyKey"
        FROM broadcast_recipients r
        WHERE r.broadcast_id = ${broadcastId} AND r.status = 'sent' AND r.reminders_sent < ${round}
          AND NOT EXISTS (
            SELECT 1 FROM broadcast_recipients o LEFT JOIN messages m ON m.id = o.message_id
            WHERE o.broadcast_id = r.broadcast_id AND o.partner_id = r.partner_id
              AND (o.acknowledged_at IS NOT NULL OR (NOT ${broadcast.requireAck} AND (o.read_at IS NOT NULL OR m.read_at IS NOT NULL OR m.status = 'read'))))
        ORDER BY r.partner_id, r.channel
        LIMIT ${limit}`;
      if (rows.length === 0) return { processed: 0, sent: 0, failed: 0 };
      const outcomes = await deliverBroadcastMessages(deps, await sendsFor(broadcastId, rows, round));
      const byKey = new Map(rows.map((row) => [`${row.idempotencyKey}:reminder-${round}`, row]));
      for (const outcome of outcomes) {
        const row = byKey.get(outcome.key);
        if (!row || outcome.status === 'retry') continue;
        await prisma.broadcastRecipient.updateMany({
          where: { idempotencyKey: row.idempotencyKey, remindersSent: { lt: round } },
          data: { remindersSent: round, lastRemindedAt: new Date() },
        });
      }
      retryIfNeeded(outcomes);
      return tally(rows.length, outcomes);
    },
  };
}

import { ApplicationFailure } from '@temporalio/common';
import type { Payout, PayoutStatus } from '@partnerflow/db';
import { formatAmount, newId, renderApproverDigest, type PayoutEmailTemplateName } from '@partnerflow/domain';
import { createEmailActivities, type EmailActivityDeps } from '../email.activities';
import { payoutPolicyVersion } from './payout-policy.loader';

/**
 * What the partner (and, for money that failed or came back, finance) is told for each status a
 * payout ends in. Not `paid`: that notice is the program's `payout-processed` notification rule on
 * the payout.paid event (operator-configurable, held in quiet hours, on the partner's channels),
 * so the run sending its own email too told the partner twice.
 */
const NOTICES: Partial<Record<PayoutStatus, { partner: PayoutEmailTemplateName; finance?: PayoutEmailTemplateName }>> = {
  carried_over: { partner: 'payout.carried_over' },
  held: { partner: 'payout.held' },
  skipped: { partner: 'payout.skipped' },
  rejected: { partner: 'payout.rejected' },
  failed: { partner: 'payout.failed', finance: 'operator.payout_failed' },
  returned: { partner: 'payout.returned', finance: 'operator.payout_returned' },
};

export interface ApproverNotice {
  runId: string;
  kind: 'requested' | 'reminder' | 'escalation';
  /** Counts reminders, so each one is sent once. */
  sequence: number;
  waiting: number;
  waitingHours: number;
  at: string;
}

/**
 * A payout the tax gate holds is told by the program's `document-required` notification rule (the
 * snapshot records a document.required event naming the form, the hold and its due date), so the
 * run's own "action needed" email would tell the partner twice.
 */
const heldForTaxForm = (payout: Payout) => payout.status === 'held' && (payout.gates as { tax?: { outcome?: string } } | null)?.tax?.outcome === 'failed';

const isPermanent = (error: unknown) => error instanceof ApplicationFailure && error.nonRetryable;

/**
 * The run's notifications, through the one idempotent email path (`<runId>:payout-<status>:<payoutId>`
 * is the message key, so a retried batch sends nothing twice). A permanent refusal of one email
 * (the message is recorded as failed) does not hold the others; a passing SMTP outage retries the batch.
 */
export function createPayoutNoticeActivities(deps: EmailActivityDeps) {
  const { prisma, mailer, mailFrom } = deps;
  const email = createEmailActivities(deps);

  async function notify(payout: Payout & { run: { periodEnd: Date; policyVersion: number } }, financeEmails: () => Promise<string[]>) {
    const notice = NOTICES[payout.status];
    if (!notice || heldForTaxForm(payout)) return 0;
    const variables = {
      amount: `${formatAmount(payout.amountMinor, payout.currency)} ${payout.currency}`,
      payoutId: payout.id,
      periodEnd: payout.run.periodEnd.toISOString().slice(0, 10),
      reason: payout.failureReason ?? payout.statusReason ?? 'no reason was given',
      reference: payout.providerReference ?? payout.id,
      provider: payout.provider ?? 'none',
    };
    const step = `payout-${payout.status}:${payout.id}`;
    await email.sendPartnerEmail({ partnerId: payout.partnerId, template: notice.partner, variables, workflowId: payout.runId, step });
    const recipients = notice.finance ? await financeEmails() : [];
    if (notice.finance && recipients.length > 0) {
      await email.sendOperatorEmail({ partnerId: payout.partnerId, recipients, template: notice.finance, variables, workflowId: payout.runId, step: `${step}:finance` });
    }
    return 1;
  }

  return {
    /** Tells each partner (and finance, when money failed or came back) what became of these payouts. */
    async notifyPayouts({ payoutIds }: { payoutIds: string[] }): Promise<{ notified: number; failed: number }> {
      const payouts = await prisma.payout.findMany({ where: { id: { in: payoutIds } }, include: { run: { select: { periodEnd: true, policyVersion: true } } }, orderBy: { id: 'asc' } });
      const finance = new Map<string, Promise<string[]>>();
      const financeOf = (payout: (typeof payouts)[number]) => () => {
        const key = `${payout.programId}:${payout.run.policyVersion}`;
        if (!finance.has(key)) finance.set(key, payoutPolicyVersion(prisma, payout.programId, payout.run.policyVersion).then((policy) => policy.financeEmails));
        return finance.get(key)!;
      };
      let notified = 0;
      let failed = 0;
      let retry: unknown;
      for (const payout of payouts) {
        try {
          notified += await notify(payout, financeOf(payout));
        } catch (error) {
          failed += 1;
          if (!isPermanent(error)) retry ??= error;
        }
      }
      if (retry) throw retry;
      return { notified, failed };
    },

    /**
     * The approvers' digest about the run (requested, reminder, escalation) and, for reminders and
     * escalations, the time on the open approval tasks. A digest names no single partner, so it is
     * not a message record: its audit entry is the record, and makes a retry a no-op.
     */
    async notifyApprovers(notice: ApproverNotice): Promise<{ sent: boolean }> {
      const run = await prisma.payoutRun.findUniqueOrThrow({ where: { id: notice.runId } });
      const at = new Date(notice.at);
      if (notice.kind === 'reminder') await prisma.operatorTask.updateMany({ where: { workflowId: run.id, kind: 'payout_approval', status: 'open' }, data: { remindedAt: at } });
      if (notice.kind === 'escalation') await prisma.operatorTask.updateMany({ where: { workflowId: run.id, kind: 'payout_approval', status: 'open' }, data: { escalatedAt: at } });
      const idempotencyKey = `${run.id}:approvers-${notice.kind}:${notice.sequence}`;
      if (await prisma.auditEntry.findUnique({ where: { idempotencyKey } })) return { sent: false };
      const { approval } = await payoutPolicyVersion(prisma, run.programId, run.policyVersion);
      const recipients = notice.kind === 'escalation' && approval.escalationEmails.length > 0 ? approval.escalationEmails : approval.approverEmails;
      if (recipients.length > 0) {
        const program = await prisma.program.findUniqueOrThrow({ where: { id: run.programId }, select: { name: true } });
        const rendered = renderApproverDigest({ ...notice, programName: program.name, periodEnd: run.periodEnd.toISOString().slice(0, 10) });
        // A stable Message-ID lets the receiving side drop the copy a crash before the audit entry would resend.
        await mailer.sendMail({ from: mailFrom, to: recipients.join(', '), ...rendered, messageId: `<${idempotencyKey.replace(/:/g, '.')}@partnerflow>` });
      }
      await prisma.auditEntry.createMany({
        data: [
          {
            id: newId('audit'),
            actorType: 'system',
            actorId: run.id,
            action: `payout_run.approvers_${notice.kind === 'requested' ? 'asked' : notice.kind === 'reminder' ? 'reminded' : 'escalated'}`,
            targetType: 'payout_run',
            targetId: run.id,
            after: { waiting: notice.waiting, waitingHours: notice.waitingHours, recipients },
            workflowId: run.id,
            idempotencyKey,
          },
        ],
        skipDuplicates: true,
      });
      return { sent: recipients.length > 0 };
    },
  };
}

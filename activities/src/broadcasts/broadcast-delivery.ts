import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { MessageChannel } from '@partnerflow/db';
import { EMAIL_MAX_ATTEMPTS, newId } from '@partnerflow/domain';
import { createEmailActivities, type EmailActivityDeps } from '../email.activities';

/** SMTP conversations open at once per batch: fast on a local relay, gentle on a remote one. */
const CONCURRENT_SENDS = 8;

export type BroadcastDeliveryDeps = EmailActivityDeps;

/** One message of a broadcast (or of its reminder) to one partner on one channel. */
export interface BroadcastSend {
  idempotencyKey: string;
  programId: string;
  partnerId: string;
  channel: MessageChannel;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  broadcastId: string;
  step: string;
}

export type SendOutcome = { key: string; messageId: string; status: 'sent' | 'failed' | 'retry'; error: string | null };

/**
 * Records every message before anything is sent (the message log's unique key is the send's
 * idempotency key), then delivers the ones not yet sent: an inbox message is delivered by being
 * marked so (the partner's inbox lists it), an email through the email activity's delivery
 * (SMTP, with a Message-ID derived from the message id). A message a previous attempt already
 * sent is reported sent and not sent again. Transient SMTP failures come back as `retry` until
 * the activity's last attempt, then as `failed`.
 */
export async function deliverBroadcastMessages(deps: BroadcastDeliveryDeps, sends: BroadcastSend[]): Promise<SendOutcome[]> {
  const { prisma } = deps;
  const context = Context.current();
  context.heartbeat('recording');
  await prisma.message.createMany({
    data: sends.map((send) => ({
      id: newId('message'),
      programId: send.programId,
      partnerId: send.partnerId,
      channel: send.channel,
      senderType: 'operator' as const,
      recipient: send.recipient,
      template: 'broadcast',
      subject: send.subject,
      bodyText: send.text,
      bodyHtml: send.html,
      workflowId: `broadcast-${send.broadcastId}`,
      step: send.step,
      idempotencyKey: send.idempotencyKey,
      linkType: 'broadcast',
      linkId: send.broadcastId,
    })),
    skipDuplicates: true,
  });
  const messages = await prisma.message.findMany({ where: { idempotencyKey: { in: sends.map((send) => send.idempotencyKey) } } });
  const outcome = (message: (typeof messages)[number], status: SendOutcome['status'], error: string | null = null): SendOutcome => ({ key: message.idempotencyKey, messageId: message.id, status, error });
  const delivered = (message: (typeof messages)[number]) => message.status === 'sent' || message.status === 'delivered' || message.status === 'read';

  // Inbox messages are delivered together, by one statement.
  const inbox = messages.filter((message) => message.channel === 'inbox');
  const now = new Date();
  await prisma.message.updateMany({ where: { id: { in: inbox.filter((message) => !delivered(message)).map((message) => message.id) }, status: 'queued' }, data: { status: 'delivered', sentAt: now, deliveredAt: now, attempts: { increment: 1 } } });
  const outcomes: SendOutcome[] = inbox.map((message) => outcome(message, 'sent'));
  context.heartbeat(outcomes.length);

  const email = createEmailActivities(deps);
  const lastAttempt = context.info.attempt >= EMAIL_MAX_ATTEMPTS;
  const queue = messages.filter((message) => message.channel === 'email');
  const sendOne = async (message: (typeof messages)[number]): Promise<SendOutcome> => {
    if (delivered(message)) return outcome(message, 'sent');
    try {
      await email.sendRecordedEmail({ messageId: message.id });
      return outcome(message, 'sent');
    } catch (error) {
      // (the delivery has recorded the error, and marked the message failed when it is final)
      const permanent = error instanceof ApplicationFailure && error.nonRetryable;
      return outcome(message, permanent || lastAttempt ? 'failed' : 'retry', error instanceof Error ? error.message : String(error));
    }
  };
  const worker = async () => {
    for (let message = queue.shift(); message; message = queue.shift()) {
      outcomes.push(await sendOne(message));
      context.heartbeat(outcomes.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_SENDS, queue.length) }, worker));
  return outcomes;
}

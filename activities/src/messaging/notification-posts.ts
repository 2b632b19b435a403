import type { Message, MessageChannel, Prisma, PrismaClient } from '@partnerflow/db';
import { domainEventDispatchWorkflowId, newId, notificationIdempotencyKey, type DomainEvent, type MessageDeliveryInput, type NotificationRecipientKey } from '@partnerflow/domain';
import type { NotificationContent } from './notification-content';

/** One notification to one recipient (a partner, or the managers about a partner), on its channels. */
export interface NotificationDraft {
  ruleId: string;
  partnerId: string;
  recipientKey: NotificationRecipientKey;
  recipientType: 'partner' | 'operator';
  channels: { channel: MessageChannel; address: string }[];
  content: NotificationContent;
  /** Partners get the notice in a thread of their own, linked to what the event is about. */
  threaded: boolean;
  notBefore: Date;
}

export interface RecordedPost {
  draft: NotificationDraft;
  rows: Message[];
}

const CHUNK = 200;
const chunks = <T>(items: T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Records the messages of each draft, once: each row's idempotency key is (event, rule,
 * recipient, channel), so a repeated event or a retried attempt finds them and adds nothing.
 * Rows (and threads) are written in chunks, each in one transaction; a thread another attempt's
 * rows beat to it is removed in the same transaction, so no empty thread is left behind.
 */
export async function recordNotificationPosts(prisma: PrismaClient, event: DomainEvent, drafts: NotificationDraft[], now: Date): Promise<RecordedPost[]> {
  const keyOf = (draft: NotificationDraft, channel: MessageChannel) => notificationIdempotencyKey(event.id, draft.ruleId, draft.recipientKey, channel);
  const allKeys = drafts.flatMap((draft) => draft.channels.map(({ channel }) => keyOf(draft, channel)));
  const readRows = async () => {
    const rows = new Map<string, Message>();
    for (const keys of chunks(allKeys, 1000)) {
      for (const row of await prisma.message.findMany({ where: { idempotencyKey: { in: keys } } })) rows.set(row.idempotencyKey, row);
    }
    return rows;
  };

  const existing = await readRows();
  const incomplete = drafts.filter((draft) => draft.channels.some(({ channel }) => !existing.has(keyOf(draft, channel))));
  for (const group of chunks(incomplete)) {
    const threads: Prisma.MessageThreadCreateManyInput[] = [];
    const rows: Prisma.MessageCreateManyInput[] = [];
    for (const draft of group) {
      const earlier = draft.channels.map(({ channel }) => existing.get(keyOf(draft, channel))).find((row) => row !== undefined);
      let threadId = earlier?.threadId ?? null;
      if (!threadId && draft.threaded) {
        threadId = newId('messageThread');
        threads.push({
          id: threadId, programId: event.programId, partnerId: draft.partnerId, subject: draft.content.subject,
          linkType: event.subject?.type ?? null, linkId: event.subject?.id ?? null, startedByType: 'system', startedById: `rule:${draft.ruleId}`,
        });
      }
      let postId = earlier?.postId ?? null;
      for (const { channel, address } of draft.channels.filter(({ channel }) => !existing.has(keyOf(draft, channel)))) {
        const id = newId('message');
        postId ??= id;
        const heldBack = draft.notBefore > now;
        const inboxNow = channel === 'inbox' && !heldBack;
        rows.push({
          id, postId, threadId, programId: event.programId, partnerId: draft.partnerId, channel,
          senderType: 'system', senderId: `rule:${draft.ruleId}`, recipient: address, recipientType: draft.recipientType,
          template: draft.content.template, templateVersion: draft.content.templateVersion,
          subject: draft.content.subject, bodyText: draft.content.text, bodyHtml: draft.content.html,
          status: inboxNow ? 'delivered' : 'queued', deliveredAt: inboxNow ? now : null, notBefore: heldBack ? draft.notBefore : null,
          workflowId: domainEventDispatchWorkflowId(event.id), step: `notification:${draft.ruleId}`,
          idempotencyKey: keyOf(draft, channel), linkType: event.subject?.type ?? null, linkId: event.subject?.id ?? null,
        });
      }
    }
    await prisma.$transaction(async (tx) => {
      if (threads.length > 0) await tx.messageThread.createMany({ data: threads });
      const { count } = await tx.message.createMany({ data: rows, skipDuplicates: true });
      if (count < rows.length && threads.length > 0) {
        const ids = threads.map((thread) => thread.id);
        await tx.$executeRaw`DELETE FROM message_threads t WHERE t.id = ANY(${ids}) AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id)`;
      }
    });
  }

  const recorded = incomplete.length > 0 ? await readRows() : existing;
  return drafts.map((draft) => ({
    draft,
    rows: draft.channels.map(({ channel }) => recorded.get(keyOf(draft, channel))).filter((row): row is Message => row !== undefined),
  }));
}

/** What is left to deliver of a post: inbox rows held back, emails not yet sent (or given up on). */
export function deliveryInputOf(post: RecordedPost, programId: string, now: Date): MessageDeliveryInput | undefined {
  const [first] = post.rows;
  if (!first?.postId) return undefined;
  const notBefore = post.rows.map((row) => row.notBefore).find((at): at is Date => at !== null && at > now);
  return {
    postId: first.postId,
    programId,
    partnerId: first.partnerId,
    inboxMessageIds: post.rows.filter((row) => row.channel === 'inbox' && row.status === 'queued').map((row) => row.id),
    emailMessageIds: post.rows.filter((row) => row.channel === 'email' && row.status === 'queued').map((row) => row.id),
    ...(notBefore ? { notBefore: notBefore.toISOString() } : {}),
  };
}

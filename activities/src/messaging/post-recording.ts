import type { Message, Prisma, PrismaClient } from '@partnerflow/db';
import type { MessagePostRecord } from '@partnerflow/domain';
import { partnerMessageReceivedEvents } from '../events/message-events';
import { recordDomainEvents } from '../events/record-domain-event';

/**
 * Writes a post (its thread, if it opens one, and its rows) unless it is there already: ids and
 * idempotency keys are fixed before the first write, so the api and the delivery workflow can
 * both write it, in any order, and one post exists. A partner's message to the team records its
 * `message.received` event with it. Answers the stored rows and the events to dispatch after the
 * commit (none when the post was there already: the catch-up dispatches what its writer did not).
 */
export async function recordMessagePost(prisma: PrismaClient, record: MessagePostRecord): Promise<{ rows: Message[]; eventIds: string[] }> {
  const keys = record.rows.map((row) => row.idempotencyKey);
  const stored = () => prisma.message.findMany({ where: { idempotencyKey: { in: keys } }, orderBy: { id: 'asc' } });
  const existing = await stored();
  if (existing.length === keys.length) return { rows: existing, eventIds: [] };
  const eventIds = await prisma.$transaction(async (tx) => {
    if (record.thread) await tx.messageThread.createMany({ data: [record.thread], skipDuplicates: true });
    const rows: Prisma.MessageCreateManyInput[] = record.rows.map((row) => ({ ...row, deliveredAt: row.deliveredAt ? new Date(row.deliveredAt) : null, createdAt: new Date(row.createdAt) }));
    await tx.message.createMany({ data: rows, skipDuplicates: true });
    const threadId = record.rows[0]?.threadId;
    const at = record.rows[0] ? new Date(record.rows[0].createdAt) : undefined;
    if (threadId && at) await tx.messageThread.updateMany({ where: { id: threadId, lastMessageAt: { lt: at } }, data: { lastMessageAt: at } });
    return recordDomainEvents(tx, partnerMessageReceivedEvents(record));
  });
  return { rows: await stored(), eventIds };
}

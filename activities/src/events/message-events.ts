import type { DomainEventInput, MessagePostRecord } from '@partnerflow/domain';

/** How much of the partner's message the managers' notice quotes; the thread has the rest. */
const EXCERPT_CHARS = 1_000;

/**
 * `message.received` when a partner writes to the program's team (an inbox row from a partner to
 * the operators): the default `partner-message` rule emails the managers, and webhooks can pass it
 * to a help desk. Once per post, recorded with the post itself.
 */
export function partnerMessageReceivedEvents(record: MessagePostRecord): DomainEventInput[] {
  return record.rows
    .filter((row) => row.senderType === 'partner' && row.recipientType === 'operator' && row.channel === 'inbox')
    .map((row) => {
      const body = row.bodyText.trim();
      return {
        name: 'message.received',
        programId: row.programId,
        partnerId: row.partnerId,
        subject: { type: 'message', id: row.id },
        data: {
          messageId: row.id,
          threadId: row.threadId,
          fromPartnerId: row.senderId,
          messageSubject: row.subject,
          excerpt: body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS)}…` : body,
          link: row.linkType && row.linkId ? { type: row.linkType, id: row.linkId } : null,
        },
        occurredAt: new Date(row.createdAt),
        idempotencyKey: `message.received:${row.postId}`,
      };
    });
}

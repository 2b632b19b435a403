import type { Message, MessageReceipt, MessageThread } from '@partnerflow/db';
import type { z } from 'zod';
import type { messageSchema, postedSchema, threadSchema, ThreadDetailDto } from './messages.schemas';

/** Rows to the shapes the API promises; dates leave as ISO strings. */
const iso = (at: Date | null) => at?.toISOString() ?? null;
const linkOf = (row: { linkType: string | null; linkId: string | null }) => (row.linkType && row.linkId ? { type: row.linkType, id: row.linkId } : null);

export function messageView(message: Message): z.infer<typeof messageSchema> {
  return {
    id: message.id,
    threadId: message.threadId,
    postId: message.postId,
    channel: message.channel,
    senderType: message.senderType,
    senderId: message.senderId,
    recipient: message.recipient,
    recipientType: message.recipientType,
    template: message.template,
    templateVersion: message.templateVersion,
    subject: message.subject,
    bodyText: message.bodyText,
    status: message.status,
    attempts: message.attempts,
    smtpMessageId: message.smtpMessageId,
    lastError: message.lastError,
    workflowId: message.workflowId,
    step: message.step,
    link: linkOf(message),
    createdAt: message.createdAt.toISOString(),
    notBefore: iso(message.notBefore),
    sentAt: iso(message.sentAt),
    deliveredAt: iso(message.deliveredAt),
    readAt: iso(message.readAt),
  };
}

export function threadView(thread: MessageThread): z.infer<typeof threadSchema> {
  return {
    id: thread.id,
    partnerId: thread.partnerId,
    uplinePartnerId: thread.uplinePartnerId,
    subject: thread.subject,
    link: linkOf(thread),
    startedBy: { type: thread.startedByType, id: thread.startedById },
    createdAt: thread.createdAt.toISOString(),
    lastMessageAt: thread.lastMessageAt.toISOString(),
  };
}

export const receiptView = (receipt: MessageReceipt) => ({
  messageId: receipt.messageId,
  reader: { type: receipt.readerType, id: receipt.readerId },
  readAt: receipt.readAt.toISOString(),
  recordedVia: receipt.recordedVia,
  recordedBy: receipt.recordedBy,
});

/** A thread with its messages grouped by post: what was said once, and how each channel fared. */
export function threadDetailView(thread: MessageThread, messages: (Message & { receipts: MessageReceipt[] })[]): ThreadDetailDto {
  const posts = new Map<string, (Message & { receipts: MessageReceipt[] })[]>();
  for (const message of messages) posts.set(message.postId ?? message.id, [...(posts.get(message.postId ?? message.id) ?? []), message]);
  return {
    ...threadView(thread),
    posts: [...posts.entries()].map(([postId, rows]) => ({
      postId,
      sender: { type: rows[0].senderType, id: rows[0].senderId },
      subject: rows[0].subject,
      bodyText: rows[0].bodyText,
      createdAt: rows[0].createdAt.toISOString(),
      deliveries: rows.map((row) => ({
        id: row.id, channel: row.channel, recipient: row.recipient, recipientType: row.recipientType, status: row.status,
        sentAt: iso(row.sentAt), deliveredAt: iso(row.deliveredAt), readAt: iso(row.readAt), lastError: row.lastError,
      })),
      receipts: rows.flatMap((row) => row.receipts.map(receiptView)),
    })),
  };
}

/** A post as the request that made it is answered: the inbox row first. */
export function postedView(rows: Message[]): z.infer<typeof postedSchema> {
  const ordered = [...rows].sort((a, b) => (a.channel === b.channel ? 0 : a.channel === 'inbox' ? -1 : 1));
  return {
    messageId: ordered[0].postId ?? ordered[0].id,
    threadId: ordered[0].threadId ?? '',
    partnerId: ordered[0].partnerId,
    deliveries: ordered.map((row) => ({ messageId: row.id, channel: row.channel, recipient: row.recipient, status: row.status })),
  };
}

import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { downlineMessageSchema, partnerReplySchema, postMessageSchema, setParentSchema, subtreeMessageSchema } from '@partnerflow/domain';
import { pageSchema } from '../common/http/pagination';

const actor = z.object({ type: z.string(), id: z.string().nullable() });
const link = z.object({ type: z.string(), id: z.string() }).nullable();
const status = z.enum(['queued', 'sent', 'delivered', 'read', 'failed']).describe('queued, sent (email accepted by SMTP), delivered (in the inbox), read, failed');

export class PostMessageDto extends createZodDto(postMessageSchema) {}
export class PartnerReplyDto extends createZodDto(partnerReplySchema) {}
export class DownlineMessageDto extends createZodDto(downlineMessageSchema) {}
export class SubtreeMessageDto extends createZodDto(subtreeMessageSchema) {}
export class SetParentDto extends createZodDto(setParentSchema) {}

export class MessageIdParamsDto extends createZodDto(z.object({ messageId: z.string().min(1) })) {}
export class ThreadIdParamsDto extends createZodDto(z.object({ threadId: z.string().min(1) })) {}
export class HierarchyParamsDto extends createZodDto(z.object({ programId: z.string().min(1), partnerId: z.string().min(1) })) {}
export class DownlineQueryDto extends createZodDto(z.object({ depth: z.coerce.number().int().min(1).max(20).optional() })) {}

/** One row: the message on one channel to one recipient, with its own status. */
export const messageSchema = z
  .object({
    id: z.string(),
    threadId: z.string().nullable(),
    postId: z.string().nullable().describe('the rows of one posted message (one per channel) share it'),
    channel: z.enum(['email', 'inbox']),
    senderType: z.enum(['system', 'operator', 'partner', 'public']),
    senderId: z.string().nullable(),
    recipient: z.string().describe('an email address, or the partner id of an inbox'),
    recipientType: z.enum(['system', 'operator', 'partner', 'public']),
    template: z.string(),
    templateVersion: z.number().int().nullable(),
    subject: z.string(),
    bodyText: z.string(),
    status,
    attempts: z.number().int(),
    smtpMessageId: z.string().nullable(),
    lastError: z.string().nullable(),
    workflowId: z.string().nullable(),
    step: z.string().nullable(),
    link,
    createdAt: z.iso.datetime(),
    notBefore: z.iso.datetime().nullable().describe('held until then (quiet hours)'),
    sentAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    readAt: z.iso.datetime().nullable().describe('the first read receipt'),
  })
  .meta({ id: 'Message' });

export const threadSchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    uplinePartnerId: z.string().nullable().describe('set when a master IB wrote to this partner'),
    subject: z.string(),
    link,
    startedBy: actor,
    createdAt: z.iso.datetime(),
    lastMessageAt: z.iso.datetime(),
  })
  .meta({ id: 'MessageThread' });

export class MessagePageDto extends createZodDto(pageSchema(messageSchema).extend({ threads: z.array(threadSchema).describe('the threads of the messages on this page') })) {}

const receiptSchema = z.object({ messageId: z.string(), reader: actor, readAt: z.iso.datetime(), recordedVia: z.string(), recordedBy: z.string() }).meta({ id: 'ReadReceipt' });

export class ThreadDetailDto extends createZodDto(
  threadSchema.extend({
    posts: z.array(
      z.object({
        postId: z.string(),
        sender: actor,
        subject: z.string(),
        bodyText: z.string(),
        createdAt: z.iso.datetime(),
        deliveries: z.array(messageSchema.pick({ id: true, channel: true, recipient: true, recipientType: true, status: true, sentAt: true, deliveredAt: true, readAt: true, lastError: true })),
        receipts: z.array(receiptSchema),
      }),
    ),
  }),
) {}

const deliverySchema = z.object({ messageId: z.string(), channel: z.enum(['email', 'inbox']), recipient: z.string(), status });
export const postedSchema = z
  .object({
    messageId: z.string().describe('the post\'s id: its inbox row when it has one'),
    threadId: z.string(),
    partnerId: z.string(),
    deliveries: z.array(deliverySchema).describe('one per channel; emails go out through a durable delivery workflow'),
  });
export class MessagePostedDto extends createZodDto(postedSchema) {}
export class FanOutDto extends createZodDto(
  z.object({ count: z.number().int(), recipients: z.array(postedSchema.extend({ depth: z.number().int().describe('levels below the top of the subtree (0: the top)') })) }),
) {}

export class ReadReceiptDto extends createZodDto(
  z.object({
    messageId: z.string(),
    status,
    readAt: z.iso.datetime().describe('the first read: a repeated receipt keeps it'),
    firstRead: z.boolean().describe('false when this reader had read it before'),
    receipt: receiptSchema,
  }),
) {}

const inboxMessageSchema = z.object({
  id: z.string(),
  from: z.enum(['program', 'me', 'upline', 'downline']).describe('the program\'s team (or an automated notice), me, my master IB, or a partner of my downline'),
  senderType: z.string(),
  subject: z.string(),
  bodyText: z.string(),
  link,
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export class InboxPageDto extends createZodDto(
  pageSchema(threadSchema.omit({ startedBy: true }).extend({ unread: z.number().int(), messages: z.array(inboxMessageSchema) }).meta({ id: 'InboxThread' })),
) {}

export class HierarchyDto extends createZodDto(
  z.object({
    partnerId: z.string(),
    parentPartnerId: z.string().nullable(),
    upline: z.array(z.string()).describe('nearest first: the parent, its parent, …'),
    downline: z.array(z.object({ partnerId: z.string(), parentPartnerId: z.string(), depth: z.number().int(), name: z.string(), stage: z.string() })),
  }),
) {}

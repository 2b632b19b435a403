import { z } from 'zod';
import { channelsSchema } from './notification-kinds';

/** Records a message may be about (a thread's link). */
export const MESSAGE_LINK_TYPES = ['payout', 'payout_run', 'commission', 'conversion', 'config_version', 'compliance_notice', 'broadcast'] as const;
export type MessageLinkType = (typeof MESSAGE_LINK_TYPES)[number];

export const messageLinkSchema = z
  .object({ type: z.enum(MESSAGE_LINK_TYPES), id: z.string().trim().min(1).max(128) })
  .strict()
  .describe('the record the conversation is about');

const subject = z.string().trim().min(1).max(200);
const body = z.string().trim().min(1).max(20_000).describe('plain text; paragraphs at blank lines');

/** `POST /v1/partners/:id/messages`: a new thread, or a message in `threadId`. */
export const postMessageSchema = z
  .object({
    subject: subject.optional().describe('required for a new thread; a reply defaults to "Re: <thread subject>"'),
    body,
    channels: channelsSchema,
    link: messageLinkSchema.optional(),
    threadId: z.string().min(1).optional().describe('continue this thread of the partner'),
  })
  .strict()
  .refine((message) => message.threadId !== undefined || message.subject !== undefined, { message: 'is required for a new thread', path: ['subject'] });
export type PostMessageRequest = z.infer<typeof postMessageSchema>;

/** `POST /v1/me/messages`: the partner replies in one of their threads, or writes to the program. */
export const partnerReplySchema = z
  .object({
    subject: subject.optional().describe('required for a new thread to the program\'s team'),
    body,
    link: messageLinkSchema.optional(),
    threadId: z.string().min(1).optional(),
  })
  .strict()
  .refine((message) => message.threadId !== undefined || message.subject !== undefined, { message: 'is required for a new thread', path: ['subject'] });
export type PartnerReplyRequest = z.infer<typeof partnerReplySchema>;

export const MAX_HIERARCHY_DEPTH = 20;
const depth = z.number().int().min(1).max(MAX_HIERARCHY_DEPTH);

/** A message to many partners of a hierarchy: each gets it in a thread of their own. */
export const downlineMessageSchema = z
  .object({
    subject,
    body,
    channels: channelsSchema,
    link: messageLinkSchema.optional(),
    depth: depth.optional().describe('levels below the sender: 1 = direct sub-IBs only; all when absent'),
  })
  .strict();
export type DownlineMessageRequest = z.infer<typeof downlineMessageSchema>;

/** `POST /v1/programs/:id/hierarchy/:partnerId/messages`: a subtree, or one tier of it. */
export const subtreeMessageSchema = downlineMessageSchema
  .extend({
    tier: depth.optional().describe('only the partners exactly this many levels below (overrides depth)'),
    includeRoot: z.boolean().default(false).describe('also the partner at the top of the subtree'),
  })
  .strict();
export type SubtreeMessageRequest = z.infer<typeof subtreeMessageSchema>;

/** `PUT /v1/partners/:id/parent`. */
export const setParentSchema = z
  .object({ parentPartnerId: z.string().min(1).nullable().describe('the master IB above this partner; null to detach') })
  .strict();
export type SetParentRequest = z.infer<typeof setParentSchema>;

/** The plain-text message body as email HTML. */
export { textToHtml as messageBodyHtml } from './markdown';

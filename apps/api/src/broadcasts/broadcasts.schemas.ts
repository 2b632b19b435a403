import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  broadcastRemindersSchema,
  broadcastSegmentSchema,
  channelsSchema,
  localeSchema,
  templateKeySchema,
  templateReferenceProblems,
} from '@partnerflow/domain';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';

const timestamp = z.iso.datetime();

const templateRefSchema = z
  .object({
    key: templateKeySchema,
    locale: localeSchema.default('en'),
    version: z.number().int().min(1).optional().describe('default: the latest version'),
    variables: z.record(z.string(), z.unknown()).default({}).describe('values of the template\'s declared variables (built-ins are filled per partner)'),
  })
  .strict();

export const createBroadcastSchema = z
  .object({
    subject: z.string().trim().min(1).max(300).optional().describe('with body; or give a template'),
    body: z.string().trim().min(1).max(50_000).optional().describe('may use {{partnerName}}, {{partnerEmail}}, {{partnerId}}, {{programName}}'),
    format: z.enum(['text', 'markdown']).default('text'),
    template: templateRefSchema.optional().describe('a saved message template instead of subject and body'),
    segment: broadcastSegmentSchema,
    channels: channelsSchema,
    scheduleAt: z.iso.datetime({ offset: true }).optional().describe('send at this time; default: now'),
    requireAck: z.boolean().default(false).describe('a compliance notice: partners must acknowledge it (POST /v1/broadcasts/:id/ack)'),
    reminders: broadcastRemindersSchema.optional(),
    rateLimit: z
      .object({
        perMinute: z.number().int().min(1).max(100_000).default(600),
        batchSize: z.number().int().min(1).max(500).default(100),
      })
      .strict()
      .default({ perMinute: 600, batchSize: 100 }),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.template) {
      for (const path of ['subject', 'body'] as const) {
        if (request[path] !== undefined) ctx.addIssue({ code: 'custom', path: [path], message: 'give either subject and body, or a template' });
      }
      return;
    }
    for (const path of ['subject', 'body'] as const) {
      if (request[path] === undefined) ctx.addIssue({ code: 'custom', path: [path], message: 'is required (or give a template)' });
    }
    if (request.subject === undefined || request.body === undefined) return;
    for (const problem of templateReferenceProblems({ subject: request.subject, body: request.body, format: request.format, variables: {} })) {
      ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
    }
  });
export class CreateBroadcastDto extends createZodDto(createBroadcastSchema) {}
export type CreateBroadcast = z.infer<typeof createBroadcastSchema>;

const countsSchema = z.object({
  partners: z.number().int().describe('partners it goes to'),
  deliveries: z
    .object({ queued: z.number().int(), sent: z.number().int(), failed: z.number().int(), cancelled: z.number().int().describe('not sent: the broadcast was cancelled first') })
    .describe('per partner and channel'),
  read: z.number().int().describe('partners who read it on any channel (or acknowledged it)'),
  acknowledged: z.number().int(),
  notRead: z.number().int(),
  notAcknowledged: z.number().int().describe('requireAck: the partners a regulator would ask about'),
  reminded: z.number().int().describe('partners sent at least one reminder'),
});

const recipientSchema = z.object({
  partnerId: z.string(),
  partnerName: z.string(),
  channel: z.enum(['email', 'inbox']),
  recipient: z.string().describe('the email address, or the partner id for the inbox'),
  status: z.enum(['queued', 'sent', 'failed', 'cancelled']),
  messageId: z.string().nullable(),
  sentAt: timestamp.nullable(),
  readAt: timestamp.nullable(),
  acknowledgedAt: timestamp.nullable(),
  remindersSent: z.number().int(),
  error: z.string().nullable(),
});
export type RecipientView = z.infer<typeof recipientSchema>;

export const broadcastSchema = z.object({
  id: z.string().describe('brd_… id'),
  programId: z.string(),
  subject: z.string(),
  template: z.object({ key: z.string(), version: z.number().int() }).nullable(),
  channels: z.array(z.enum(['email', 'inbox'])),
  segment: z.record(z.string(), z.unknown()),
  requireAck: z.boolean(),
  reminders: z.object({ everyHours: z.number(), max: z.number().int() }).nullable(),
  rateLimit: z.object({ perMinute: z.number().int(), batchSize: z.number().int() }),
  status: z.enum(['scheduled', 'sending', 'sent', 'cancelled']),
  scheduleAt: timestamp.nullable(),
  resolvedAt: timestamp.nullable().describe('when the segment was turned into the recipient list'),
  sentAt: timestamp.nullable(),
  cancelled: z
    .object({ at: timestamp, by: z.string().describe('the operator key') })
    .nullable()
    .describe('set when an operator cancelled it (POST /v1/broadcasts/:id/cancel)'),
  workflowId: z.string(),
  createdAt: timestamp,
  counts: countsSchema,
});
export class BroadcastDto extends createZodDto(broadcastSchema) {}
export class BroadcastPageDto extends createZodDto(pageSchema(broadcastSchema)) {}
export class BroadcastDetailDto extends createZodDto(
  broadcastSchema.extend({
    recipients: z.object({ items: z.array(recipientSchema), nextCursor: z.string().nullable() }).describe('by partner, then channel; Accept: text/csv for all of them'),
  }),
) {}

export const recipientsQuerySchema = paginationQuerySchema.extend({
  recipients: z.enum(['all', 'not_read', 'not_acknowledged']).default('all'),
});
export class RecipientsQueryDto extends createZodDto(recipientsQuerySchema) {}
export type RecipientsQuery = z.infer<typeof recipientsQuerySchema>;
export class BroadcastListQueryDto extends createZodDto(paginationQuerySchema) {}

export class AcknowledgedDto extends createZodDto(
  z.object({ broadcastId: z.string(), partnerId: z.string(), acknowledgedAt: timestamp }),
) {}

export class ProgramBroadcastsParamsDto extends createZodDto(z.object({ programId: z.string().min(1).max(64) })) {}
export class BroadcastIdParamsDto extends createZodDto(z.object({ broadcastId: z.string().min(1).max(64) })) {}

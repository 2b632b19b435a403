import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageSchema } from '../common/http/pagination';

const instant = z.iso.date().or(z.iso.datetime({ offset: true }));

export const auditQuerySchema = z
  .object({
    target: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('the target id (`ptn_…`, `lnk_…`, …), or `<type>:<id>` such as `partner:ptn_…`'),
    actor: z.string().trim().min(1).max(200).optional().describe('the actor id: an API key id, a partner id, a workflow id'),
    action: z.string().trim().min(1).max(100).optional().describe('e.g. partner.stage_changed; a trailing `*` matches a prefix (`partner.*`)'),
    from: instant.optional().describe('at or after (ISO date or time)'),
    to: instant.optional().describe('before (ISO date or time)'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().min(1).optional(),
  })
  .strict();
export class AuditQueryDto extends createZodDto(auditQuerySchema) {}
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorType: z.enum(['system', 'operator', 'partner', 'public']),
  actorId: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  workflowId: z.string().nullable(),
});
export class AuditPageDto extends createZodDto(pageSchema(auditEntrySchema)) {}

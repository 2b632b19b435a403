import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { partnerStageSchema, ruleOutcomeSchema } from '@partnerflow/domain';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';

const timestamp = z.iso.datetime();
const taskKindSchema = z
  .enum(['application_review', 'commission_review', 'payout_approval', 'partner_check_in'])
  .describe('application_review: an application screening sent to review; commission_review: a flagged commission held for a decision; payout_approval: a payout of a payout run waiting for approval; partner_check_in: a quiet partner a manager should contact (closes when the partner is active again)');

export const taskSchema = z
  .object({
    id: z.string().describe('tsk_… id'),
    kind: taskKindSchema,
    commissionId: z.string().nullable().describe('commission_review: the commission waiting'),
    payoutId: z.string().nullable().describe('payout_approval: the payout waiting (its run is `workflowId`)'),
    status: z.enum(['open', 'done']),
    partner: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      stage: partnerStageSchema,
      applicationNumber: z.number().int().describe('2 or more for a re-application after a rejection'),
    }),
    program: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    workflowId: z.string().describe('the workflow waiting for the decision'),
    since: timestamp.describe('when the application started waiting'),
    summary: z.string().describe('why it waits, in one line'),
    reasons: z
      .array(z.object({ rule: z.string(), type: z.string(), reason: z.string(), outcome: ruleOutcomeSchema.nullable() }))
      .describe('the screening rules that sent it to review'),
    configVersion: z.number().int().nullable().describe('screening config version it was screened under'),
    reminder: z.object({ dueAt: timestamp.nullable(), sentAt: timestamp.nullable() }),
    escalation: z.object({ dueAt: timestamp.nullable(), sentAt: timestamp.nullable() }),
    deadline: z
      .object({ dueAt: timestamp, onDeadline: z.string(), passedAt: timestamp.nullable() })
      .nullable()
      .describe('only when the review policy sets deadlineHours'),
    decision: z
      .object({ decision: z.enum(['approve', 'reject']), reason: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: timestamp.nullable() })
      .nullable(),
    decideWith: z.string().describe('the request that decides it, e.g. POST /v1/partners/ptn_…/review'),
  })
  .meta({ id: 'OperatorTask' });

export class TaskPageDto extends createZodDto(pageSchema(taskSchema)) {}

export const taskListQuerySchema = paginationQuerySchema.extend({
  status: z.enum(['open', 'done']).default('open').describe('open: waiting for a decision (default)'),
  kind: taskKindSchema.optional(),
  programId: z.string().min(1).optional().describe('program id or slug'),
});
export class TaskListQueryDto extends createZodDto(taskListQuerySchema) {}
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

export const commissionDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().min(1).max(2000).describe('why: kept in the ledger entry and the audit trail'),
  })
  .strict();
export class CommissionDecisionDto extends createZodDto(commissionDecisionSchema) {}

export const decisionAcceptedSchema = z.object({
  taskId: z.string(),
  commissionId: z.string(),
  decision: z.enum(['approve', 'reject']),
  workflowId: z.string().describe('the hold workflow that carries the decision out'),
});
export class DecisionAcceptedDto extends createZodDto(decisionAcceptedSchema) {}
export class TaskIdParamsDto extends createZodDto(z.object({ taskId: z.string().min(1).max(64) })) {}

import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { EXECUTION_STATUSES } from './visibility-query';

export const readableEventSchema = z
  .object({
    eventId: z.number().int(),
    time: z.iso.datetime(),
    type: z.string().describe('Temporal event type, e.g. ActivityTaskCompleted'),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WorkflowHistoryEvent' });

const pendingActivitySchema = z
  .object({
    activityId: z.string(),
    activity: z.string(),
    state: z.string(),
    attempt: z.number().int(),
    maximumAttempts: z.number().int().nullable().describe('null: retried until it succeeds'),
    scheduledAt: z.iso.datetime().nullable().describe('first scheduled; kept across retries'),
    lastStartedAt: z.iso.datetime().nullable(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastFailure: z.string().nullable(),
  })
  .meta({ id: 'PendingActivity' });

export class WorkflowHistoryDto extends createZodDto(
  z.object({
    workflowId: z.string(),
    runId: z.string().nullable(),
    temporalUiUrl: z.string().nullable(),
    status: z.string().describe('Temporal execution status of this run, e.g. RUNNING'),
    configVersions: z.record(z.string(), z.unknown()).describe("the run's memo: config versions it started with"),
    pending: z.object({
      activities: z.array(pendingActivitySchema),
      timers: z.array(z.object({ timerId: z.string(), firesAt: z.iso.datetime() })).describe('when the workflow next wakes on its own'),
    }),
    events: z.array(readableEventSchema),
  }),
) {}

/** A workflow execution as listed by visibility: the inspection API and a partner's workflows. */
export const workflowSummarySchema = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    type: z.string(),
    kind: z.string().nullable(),
    stage: z.string().nullable(),
    status: z.string(),
    startTime: z.iso.datetime(),
    closeTime: z.iso.datetime().nullable(),
    temporalUiUrl: z.string().nullable(),
  })
  .meta({ id: 'WorkflowSummary' });

const keyword = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, - and _ only');

export class WorkflowListQueryDto extends createZodDto(
  z.object({
    kind: keyword.optional().describe('WorkflowKind search attribute, e.g. partner-lifecycle'),
    stage: keyword.optional(),
    programId: keyword.optional(),
    partnerId: keyword.optional(),
    status: z.enum(Object.keys(EXECUTION_STATUSES) as [keyof typeof EXECUTION_STATUSES]).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
) {}

export class WorkflowListDto extends createZodDto(z.object({ items: z.array(workflowSummarySchema) })) {}

export class StuckWorkflowsQueryDto extends createZodDto(
  z.object({
    minutes: z.coerce.number().int().min(0).max(100_000).default(15).describe('failing for at least this long'),
    kind: keyword.optional(),
    programId: keyword.optional(),
    partnerId: keyword.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500).describe('running workflows examined'),
  }),
) {}

export class StuckWorkflowsDto extends createZodDto(
  z.object({
    minutes: z.number().int(),
    examined: z.number().int(),
    items: z.array(workflowSummarySchema.extend({ stuckActivities: z.array(pendingActivitySchema) })),
  }),
) {}

export class WorkflowIdParamsDto extends createZodDto(z.object({ workflowId: z.string().min(1) })) {}

export class WorkflowHistoryQueryDto extends createZodDto(
  z.object({
    runId: z.string().min(1).optional(),
    verbose: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  }),
) {}

import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const readableEventSchema = z
  .object({
    eventId: z.number().int(),
    time: z.iso.datetime(),
    type: z.string().describe('Temporal event type, e.g. ActivityTaskCompleted'),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WorkflowHistoryEvent' });

export class WorkflowHistoryDto extends createZodDto(
  z
    .object({
      workflowId: z.string(),
      runId: z.string().nullable(),
      temporalUiUrl: z.string().nullable(),
      events: z.array(readableEventSchema),
    }),
) {}

export class WorkflowIdParamsDto extends createZodDto(z.object({ workflowId: z.string().min(1) })) {}

export class WorkflowHistoryQueryDto extends createZodDto(
  z.object({
    runId: z.string().min(1).optional(),
    verbose: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  }),
) {}

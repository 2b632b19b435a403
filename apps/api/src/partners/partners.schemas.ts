import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  partnerApplicationSchema,
  partnerStageSchema,
  partnerTypeSchema,
  pauseRequestSchema,
  resumeRequestSchema,
  terminationCategorySchema,
  terminationRequestSchema,
  timelineEntrySchema,
} from '@partnerflow/domain';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';
import { workflowSummarySchema } from '../workflows/workflows.schemas';

export class PartnerApplicationDto extends createZodDto(partnerApplicationSchema) {}

export const applicationCreatedSchema = z
  .object({
    partnerId: z.string().describe('ptn_… id of the new partner'),
    workflowId: z.string().describe('id of the partner lifecycle workflow (partner-<partnerId>)'),
  });
export class ApplicationCreatedDto extends createZodDto(applicationCreatedSchema) {}

export const partnerSchema = z
  .object({
    id: z.string(),
    programId: z.string(),
    name: z.string(),
    email: z.string(),
    country: z.string(),
    locale: z.string().nullable().describe('the language notices use when the program has a template in it; null: English'),
    website: z.string().nullable(),
    channels: z.array(z.string()),
    audienceSize: z.number().int(),
    partnerType: partnerTypeSchema,
    referrerPartnerId: z.string().nullable(),
    stage: partnerStageSchema,
    stageChangedAt: z.iso.datetime(),
    workflowId: z.string(),
    applicationNumber: z
      .number()
      .int()
      .describe('1, or 2 and more for a re-application of the same email after a rejection'),
    createdAt: z.iso.datetime(),
  });
export class PartnerDto extends createZodDto(partnerSchema) {}

export class PaginationQueryDto extends createZodDto(paginationQuerySchema) {}

export class PartnerWorkflowListDto extends createZodDto(
  z.object({ items: z.array(workflowSummarySchema) }),
) {}

export class PartnerIdParamsDto extends createZodDto(z.object({ partnerId: z.string().min(1) })) {}
export class ProgramIdParamsDto extends createZodDto(z.object({ programId: z.string().min(1) })) {}

export class PauseRequestDto extends createZodDto(pauseRequestSchema) {}
export class ResumeRequestDto extends createZodDto(resumeRequestSchema) {}
export class TerminateRequestDto extends createZodDto(terminationRequestSchema) {}

export const stageTransitionSchema = z
  .object({
    from: partnerStageSchema,
    to: partnerStageSchema,
    reason: z.string(),
    by: z.string().describe('id of the API key that asked'),
    at: z.iso.datetime().describe('when the lifecycle workflow recorded it'),
  })
  .meta({ id: 'StageTransition' });
export class TransitionOutcomeDto extends createZodDto(z.object({ transition: stageTransitionSchema, partner: partnerSchema })) {}

export const terminationScheduledSchema = z
  .object({
    category: terminationCategorySchema,
    reason: z.string(),
    requestedBy: z.string().describe('id of the API key that terminated the partner'),
    requestedAt: z.iso.datetime(),
    effectiveAt: z.iso.datetime().describe('when the partner becomes (or became) TERMINATED'),
    windDownWorkflowId: z.string().describe('the wind-down workflow, partner-<partnerId>-termination, started at effectiveAt'),
  })
  .meta({ id: 'TerminationScheduled' });
export class TerminationOutcomeDto extends createZodDto(
  z.object({
    termination: terminationScheduledSchema,
    settled: z.boolean().describe('true (200): the partner is TERMINATED; false (202): scheduled for effectiveAt'),
    partner: partnerSchema,
  }),
) {}

export class TimelinePageDto extends createZodDto(pageSchema(timelineEntrySchema)) {}

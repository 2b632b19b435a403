import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { partnerSchema } from '../partners/partners.schemas';

export const reviewDecisionRequestSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe('required for a rejection: the applicant\'s email quotes it'),
  })
  .strict()
  .refine((body) => body.decision === 'approve' || body.reason !== undefined, {
    message: 'give the reason for a rejection (the applicant is told)',
    path: ['reason'],
  });
export class ReviewDecisionRequestDto extends createZodDto(reviewDecisionRequestSchema) {}
export type ReviewDecisionRequest = z.infer<typeof reviewDecisionRequestSchema>;

export const reviewOutcomeSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string(),
    decidedBy: z.string().describe('id of the API key that decided'),
    settled: z
      .boolean()
      .describe('true (200): the partner is ACTIVE or REJECTED; false (202): the decision is accepted, the new stage is on its way (GET the partner)'),
    partner: partnerSchema,
  });
export class ReviewOutcomeDto extends createZodDto(reviewOutcomeSchema) {}

import { z } from 'zod';
import { controlReasonSchema } from '../partners/lifecycle-control.schema';

/**
 * An operator terminates a partner (`POST /v1/partners/:id/terminate`). The category decides the
 * money: a fraud termination forfeits the partner's unpaid commissions (when the program's
 * termination config says so); every other category keeps them in their hold, to be paid.
 */

export const TERMINATION_CATEGORIES = ['fraud', 'policy', 'inactivity', 'other'] as const;
export const terminationCategorySchema = z.enum(TERMINATION_CATEGORIES);
export type TerminationCategory = z.infer<typeof terminationCategorySchema>;

/** How far ahead a termination may be scheduled. */
export const MAX_TERMINATION_NOTICE_DAYS = 365;

export const terminationRequestSchema = z
  .object({
    reason: controlReasonSchema.describe('why: in the audit log, the timeline and (for fraud) each forfeited commission'),
    category: terminationCategorySchema.describe('fraud forfeits pending and approved commissions; the others keep them'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(`when the partner becomes TERMINATED (default: now; at most ${MAX_TERMINATION_NOTICE_DAYS} days ahead)`),
  })
  .strict();
export type TerminationRequest = z.infer<typeof terminationRequestSchema>;

/** What the lifecycle's terminate Update receives: the request and the operator (API key id) who sent it. */
export const terminationCommandSchema = terminationRequestSchema.extend({ operatorId: z.string().min(1), requestId: z.string().max(200).optional() }).strict();
export type TerminationCommand = z.infer<typeof terminationCommandSchema>;

/** The workflow's answer, and what its control query shows until the wind-down ends. */
export interface TerminationScheduled {
  category: TerminationCategory;
  reason: string;
  requestedBy: string;
  /** Workflow time of the request. */
  requestedAt: string;
  /** When the stage becomes TERMINATED: the request's time, or now if it was earlier. */
  effectiveAt: string;
  windDownWorkflowId: string;
}

/** The wind-down child of the lifecycle (ARCHITECTURE.md's catalogue). */
export const partnerTerminationWorkflowId = (partnerId: string): string => `partner-${partnerId}-termination`;

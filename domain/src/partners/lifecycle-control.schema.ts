import { z } from 'zod';
import type { PartnerStage } from './partner.schema';

/**
 * Operators pausing and resuming a partner (`POST /v1/partners/:id/pause | resume`): the request
 * bodies, what the lifecycle workflow's Updates receive, and which stages allow what. The workflow
 * decides; the api only forwards and maps its answer.
 */

export const controlReasonSchema = z.string().trim().min(1).max(2000);

/** Stages that earn credit: a partner can be paused from any of them, and goes back to it on resume. */
export const PAUSABLE_STAGES = ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK'] as const satisfies readonly PartnerStage[];
export type PausableStage = (typeof PAUSABLE_STAGES)[number];

export const isPausable = (stage: PartnerStage): stage is PausableStage => (PAUSABLE_STAGES as readonly string[]).includes(stage);

/** A termination can start from a credit-earning stage or from a pause. */
export const isTerminable = (stage: PartnerStage): boolean => isPausable(stage) || stage === 'PAUSED';

export const pauseRequestSchema = z
  .object({ reason: controlReasonSchema.describe('why the partner is paused: in the audit log and the timeline') })
  .strict();
export type PauseRequest = z.infer<typeof pauseRequestSchema>;

export const resumeRequestSchema = z
  .object({ reason: controlReasonSchema.optional().describe('why the pause ends (default: "resumed by an operator")') })
  .strict();
export type ResumeRequest = z.infer<typeof resumeRequestSchema>;

/** What the workflow's pause and resume Updates receive: the request and the operator (API key id) who sent it. */
/** `requestId`: the api request's, recorded with the audit entry. */
export const stageControlCommandSchema = z
  .object({ reason: controlReasonSchema, operatorId: z.string().min(1), requestId: z.string().max(200).optional() })
  .strict();
export type StageControlCommand = z.infer<typeof stageControlCommandSchema>;

/** The workflow's answer once the stage change is recorded (row, audit entry, search attribute). */
export interface StageTransitionAccepted {
  from: PartnerStage;
  to: PartnerStage;
  reason: string;
  by: string;
  /** Workflow time of the change. */
  at: string;
}

/** Where a pause stands, for the lifecycle's control query. */
export interface PauseState {
  since: string;
  from: PausableStage;
  reason: string;
  by: string;
}

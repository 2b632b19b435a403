import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { PartnerStage } from '../partners/partner.schema';
import type { OnboardingDripState } from '../onboarding/onboarding-drip.state';
import type { PauseState, StageControlCommand, StageTransitionAccepted } from '../partners/lifecycle-control.schema';
import type { EngagementState } from '../reengagement/engagement.state';
import type { ReengagementConfig } from '../reengagement/reengagement-config.schema';
import type { TerminationCommand, TerminationScheduled } from '../termination/termination-request.schema';

/** Input of `partnerLifecycleWorkflow`; the config version is pinned at application time. */
export interface PartnerLifecycleInput {
  partnerId: string;
  programId: string;
  screeningConfigVersionId: string;
  /** Set when the lifecycle continued as new: where the previous run left off. */
  continued?: LifecycleCarryOver;
  /** Events after which a run continues as new (default: when Temporal suggests it, or 10,000); tests set it low. */
  historyEventsPerRun?: number;
}

/**
 * What a lifecycle run hands to the next when it continues as new (after approval, with no
 * drip, cycle or termination under way): the stage, the finished drip (its query stays
 * answerable), the pause and its counter, and the engagement state with its pinned policy.
 * Counters keep every later audit key unique across runs.
 */
export interface LifecycleCarryOver {
  stage: PartnerStage;
  approvedAtMs: number;
  onboarding: OnboardingDripState;
  pause: PauseState | null;
  pauses: number;
  engagement: EngagementState;
  engagementPolicy: ReengagementConfig;
}

export interface ScreeningWorkflowInput {
  partnerId: string;
  programId: string;
  screeningConfigVersionId: string;
}

export const reviewDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().min(1).max(2000),
  reviewerId: z.string().min(1),
  /** The api request's id, for the audit entry. */
  requestId: z.string().max(200).optional(),
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** Sent to the screening child workflow when an operator decides an application in review. */
export const reviewDecisionSignal = defineSignal<[ReviewDecision]>('reviewDecision');

export interface LifecycleState {
  stage: PartnerStage;
  screeningConfigVersionId: string;
}

export const lifecycleStateQuery = defineQuery<LifecycleState>('lifecycleState');

/**
 * A partner's tracked activity, sent to `partner-<id>` by the tracking side: the first click
 * (after the click is persisted) and each attributed conversion. The drip's `wait_for` steps and
 * `no_click` / `no_conversion` conditions read it. Senders may repeat a signal (retries, crashes):
 * the workflow keeps the earliest time per event, so a repeat changes nothing.
 */
export interface PartnerActivity {
  event: 'first_click' | 'first_conversion';
  /** When it happened (ISO 8601), not when the signal was sent. */
  at: string;
  /** The click or conversion id, for the history reader. */
  sourceId: string;
}

/**
 * What the signal carries: a first click or conversion, or a later one (`click` / `conversion`,
 * which senders throttle). The drip ignores later ones; the engagement watch reads them all.
 */
export interface PartnerActivitySignalPayload extends Omit<PartnerActivity, 'event'> {
  event: PartnerActivity['event'] | 'click' | 'conversion';
}

export const partnerActivitySignal = defineSignal<[PartnerActivitySignalPayload]>('partnerActivity');

/**
 * The onboarding drip run by `partner-<id>` after approval: the config version it pinned (and any
 * adopted later), every step with its time, outcome and reason, and the activity it decided on.
 */
export const onboardingStateQuery = defineQuery<OnboardingDripState>('onboardingState');

/**
 * After approval: the engagement policy pinned, the latest activity seen, re-engagement cycles,
 * AT_RISK, the tier and the CONSISTENT streak (`not_applicable` for lifecycles approved before
 * engagement existed).
 */
export const engagementStateQuery = defineQuery<EngagementState>('engagementState');

/**
 * Operators pause, resume and terminate a partner through Updates on `partner-<id>`, so the api
 * answers only once the workflow accepted: each validator refuses a transition the current stage
 * does not allow (failure type LIFECYCLE_CONTROL_REFUSED, without a trace in the history), and
 * pause and resume complete once the new stage is recorded.
 */
export const pausePartnerUpdate = defineUpdate<StageTransitionAccepted, [StageControlCommand]>('pausePartner');
export const resumePartnerUpdate = defineUpdate<StageTransitionAccepted, [StageControlCommand]>('resumePartner');
/** Completes once the termination is recorded, and (when it takes effect now) the stage is TERMINATED. */
export const terminatePartnerUpdate = defineUpdate<TerminationScheduled, [TerminationCommand]>('terminatePartner');

/** Failure type of a pause, resume or termination the lifecycle refused; its message says why. */
export const LIFECYCLE_CONTROL_REFUSED = 'LifecycleControlRefused';

/** The operator-driven part of the lifecycle: a pause, a scheduled or running termination. */
export interface LifecycleControlState {
  stage: PartnerStage;
  pause: PauseState | null;
  termination: TerminationScheduled | null;
  windDown: 'not_started' | 'running' | 'finished';
}

export const lifecycleControlQuery = defineQuery<LifecycleControlState>('lifecycleControl');

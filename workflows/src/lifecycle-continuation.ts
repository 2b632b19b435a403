import { makeContinueAsNewFunc, workflowInfo } from '@temporalio/workflow';
import { laterActivity, type LifecycleCarryOver, type OnboardingDripState, type PartnerLifecycleInput } from '@partnerflow/domain';
import type { LifecycleControl } from './lifecycle-control';
import type { EngagementRun } from './lifecycle-engagement-context';
import type { partnerLifecycleWorkflow } from './partner-lifecycle.workflow';

/** Past this many events a run continues as new, unless Temporal suggests it earlier. */
const HISTORY_EVENTS_PER_RUN = 10_000;

export function runIsFull(input: PartnerLifecycleInput): boolean {
  const info = workflowInfo();
  if (input.historyEventsPerRun) return info.historyLength >= input.historyEventsPerRun;
  return info.continueAsNewSuggested || info.historyLength >= HISTORY_EVENTS_PER_RUN;
}

/**
 * Continues the lifecycle as new with what the next run needs to go on where this one stopped
 * (LifecycleCarryOver). Called only at a quiet point: after approval, no drip, cycle, stage
 * change or termination under way, every update and signal handler finished. Memo and search
 * attributes go along, so lists of workflows still show the partner, stage and versions.
 */
export function continueLifecycleAsNew(
  input: PartnerLifecycleInput,
  run: EngagementRun,
  context: { approvedAtMs: number; onboarding: OnboardingDripState; control: LifecycleControl },
): Promise<never> {
  const { state } = run;
  const carried: LifecycleCarryOver = {
    stage: run.keeper.stage,
    approvedAtMs: context.approvedAtMs,
    onboarding: context.onboarding,
    pause: context.control.state.pause,
    pauses: context.control.pauses(),
    engagement: { ...state, lastActivity: laterActivity(state.lastActivity, run.heard.latest), run: state.run + 1 },
    engagementPolicy: run.policy!,
  };
  const info = workflowInfo();
  const next = makeContinueAsNewFunc<typeof partnerLifecycleWorkflow>({ memo: info.memo, typedSearchAttributes: info.typedSearchAttributes });
  return next({
    partnerId: input.partnerId,
    programId: input.programId,
    screeningConfigVersionId: input.screeningConfigVersionId,
    continued: carried,
    ...(input.historyEventsPerRun ? { historyEventsPerRun: input.historyEventsPerRun } : {}),
  });
}

import {
  allHandlersFinished,
  condition,
  executeChild,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  approvalWelcomeStep,
  engagementStateQuery,
  lifecycleStateQuery,
  newDripState,
  newEngagementState,
  onboardingStateQuery,
  partnerActivitySignal,
  recordPartnerActivity,
  screeningWorkflowId,
  type LifecycleState,
  type PartnerActivity,
  type PartnerLifecycleInput,
} from '@partnerflow/domain';
import { emailActivities } from './activity-proxies';
import { continueLifecycleAsNew, runIsFull } from './lifecycle-continuation';
import { acceptLifecycleControl } from './lifecycle-control';
import { beginEngagement, watchEngagement } from './lifecycle-engagement';
import { HeardActivity, type EngagementRun } from './lifecycle-engagement-context';
import { partnerSearchAttributes, promoteOnFirstReferral, StageKeeper } from './lifecycle-stages';
import { windDownOnTermination } from './lifecycle-termination';
import { runOnboardingDrip } from './onboarding-drip';
import { screeningWorkflow } from './screening.workflow';

/**
 * patched() id, recorded in the histories of running executions: never rename or reuse it.
 * Partners approved before the drip existed replay without it and just stay open, as they were.
 */
const ONBOARDING_DRIP_PATCH = 'onboarding-drip';
/** Likewise: partners approved before engagement (re-engagement, CONSISTENT / AT_RISK, tiers, continue-as-new) replay without it. */
const ENGAGEMENT_PATCH = 'lifecycle-engagement';
const WELCOME_STEP = 'welcome-email';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The partner's whole life, from application to termination (`partner-<partnerId>`).
 * It owns the stage: every change goes through the `StageKeeper`, which mirrors it to the
 * database row, the audit log and the Stage search attribute. After approval it runs the
 * program's onboarding drip (`runOnboardingDrip`), fed by the tracking side's `partnerActivity`
 * signals; the first conversion makes the partner PRODUCING. The engagement watch
 * (`watchEngagement`) then runs re-engagement cycles for quiet partners, moves them to
 * CONSISTENT or AT_RISK and back, and keeps their tier; it continues the workflow as new when
 * the history grows, with `input.continued` carrying the state over. Operators pause, resume
 * and terminate through Updates (`acceptLifecycleControl`); the workflow completes once a
 * termination's wind-down child has finished.
 */
export async function partnerLifecycleWorkflow(input: PartnerLifecycleInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const carried = input.continued;
  const state: LifecycleState = {
    stage: carried?.stage ?? 'APPLIED',
    screeningConfigVersionId: input.screeningConfigVersionId,
  };
  const onboarding = carried?.onboarding ?? newDripState();
  const engagement = carried?.engagement ?? newEngagementState();
  const heard = new HeardActivity();
  setHandler(lifecycleStateQuery, () => state);
  setHandler(onboardingStateQuery, () => onboarding);
  setHandler(engagementStateQuery, () => engagement);
  setHandler(partnerActivitySignal, (signal) => {
    heard.note(signal);
    if (signal?.event === 'click' || signal?.event === 'conversion') return; // (later activity: the drip decides on firsts)
    // (a first click or conversion, or an unknown event the function reports as ignored)
    const recorded = recordPartnerActivity(onboarding.activity, signal as PartnerActivity, iso(Date.now()));
    if (recorded.outcome === 'ignored') log.warn('partnerActivity signal ignored', { reason: recorded.reason });
    onboarding.activity = recorded.log;
  });

  const keeper = new StageKeeper(input.partnerId, workflowId, state);
  const control = acceptLifecycleControl({ partnerId: input.partnerId, workflowId, keeper, carried });
  const run: EngagementRun = {
    partnerId: input.partnerId,
    programId: input.programId,
    workflowId,
    keeper,
    control,
    state: engagement,
    heard,
    policy: carried?.engagementPolicy ?? null,
    dripRunning: () => onboarding.status === 'not_started' || onboarding.status === 'running',
  };
  const watch = (approvedAtMs: number) =>
    watchEngagement(run, {
      runIsFull: () => runIsFull(input),
      continueAsNew: () => continueLifecycleAsNew(input, run, { approvedAtMs, onboarding, control }),
    });

  if (carried) {
    // A later run: screening, approval and the drip are behind it (LifecycleCarryOver).
    void promoteOnFirstReferral(keeper, () => onboarding.activity);
    await Promise.all([watch(carried.approvedAtMs), windDownOnTermination(input, keeper, control)]);
    await condition(allHandlersFinished);
    return;
  }

  const screening = await executeChild(screeningWorkflow, {
    workflowId: screeningWorkflowId(input.partnerId),
    args: [input],
    parentClosePolicy: ParentClosePolicy.TERMINATE,
    typedSearchAttributes: partnerSearchAttributes(input, 'APPLIED', 'screening'),
  });

  if (screening.decision === 'reject') {
    onboarding.status = 'not_applicable';
    onboarding.reason = 'the application was rejected';
    await keeper.move({ to: 'REJECTED', reason: screening.reason, step: 'screening-rejected' });
    await emailActivities.sendPartnerEmail({
      partnerId: input.partnerId,
      template: 'partner.rejected',
      variables: { reason: screening.reason },
      workflowId,
      step: 'rejection-email',
    });
    return;
  }

  await keeper.move({ to: 'ACTIVE', reason: screening.reason, step: 'screening-approved' });
  const approvedAtMs = Date.now();
  await emailActivities.sendPartnerEmail({
    partnerId: input.partnerId,
    template: 'partner.welcome',
    workflowId,
    step: WELCOME_STEP,
  });

  async function onboard(): Promise<void> {
    if (!patched(ONBOARDING_DRIP_PATCH)) {
      onboarding.status = 'not_applicable';
      onboarding.reason = 'approved before the onboarding drip existed';
      return;
    }
    onboarding.steps.push(approvalWelcomeStep(WELCOME_STEP, iso(approvedAtMs), iso(Date.now())));
    await runOnboardingDrip({
      partnerId: input.partnerId,
      programId: input.programId,
      workflowId,
      state: onboarding,
      approvedAtMs,
      stopReason: () => (state.stage === 'TERMINATED' ? 'the partner was terminated' : undefined),
      isPaused: control.isPaused,
    });
  }

  async function engage(): Promise<void> {
    if (!patched(ENGAGEMENT_PATCH)) {
      engagement.reason = 'approved before the engagement watch existed';
      return;
    }
    if (await beginEngagement(run, approvedAtMs)) await watch(approvedAtMs);
  }

  // An active partner's workflow stays open: the drip, activity signals, the engagement watch and
  // operators drive the later stages, and it ends with the termination's wind-down. The
  // first-referral and termination waits issue no command until their event, so histories from
  // before them replay.
  void promoteOnFirstReferral(keeper, () => onboarding.activity);
  await Promise.all([onboard(), windDownOnTermination(input, keeper, control), engage()]);
  await condition(allHandlersFinished);
}

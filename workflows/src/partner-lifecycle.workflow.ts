import {
  condition,
  executeChild,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  approvalWelcomeStep,
  lifecycleStateQuery,
  newDripState,
  onboardingStateQuery,
  partnerActivitySignal,
  PartnerIdAttribute,
  ProgramIdAttribute,
  recordPartnerActivity,
  screeningWorkflowId,
  StageAttribute,
  WorkflowKindAttribute,
  type LifecycleState,
  type PartnerLifecycleInput,
  type PartnerStage,
} from '@partnerflow/domain';
import { databaseActivities, emailActivities } from './activity-proxies';
import { runOnboardingDrip } from './onboarding-drip';
import { screeningWorkflow } from './screening.workflow';

/**
 * patched() id, recorded in the histories of running executions: never rename or reuse it.
 * Partners approved before the drip existed replay without it and just stay open, as they were.
 */
const ONBOARDING_DRIP_PATCH = 'onboarding-drip';
const WELCOME_STEP = 'welcome-email';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The partner's whole life, from application to termination (`partner-<partnerId>`).
 * It owns the stage: every change goes through `moveToStage`, which mirrors it to the database
 * row, the audit log and the Stage search attribute. After approval it runs the program's onboarding
 * drip (`runOnboardingDrip`), fed by the tracking side's `partnerActivity` signals.
 */
export async function partnerLifecycleWorkflow(input: PartnerLifecycleInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const state: LifecycleState = {
    stage: 'APPLIED',
    screeningConfigVersionId: input.screeningConfigVersionId,
  };
  const onboarding = newDripState();
  setHandler(lifecycleStateQuery, () => state);
  setHandler(onboardingStateQuery, () => onboarding);
  setHandler(partnerActivitySignal, (signal) => {
    const recorded = recordPartnerActivity(onboarding.activity, signal, iso(Date.now()));
    if (recorded.outcome === 'ignored') log.warn('partnerActivity signal ignored', { reason: recorded.reason });
    onboarding.activity = recorded.log;
  });

  async function moveToStage(to: PartnerStage, reason: string, step: string): Promise<void> {
    await databaseActivities.recordStageChange({
      partnerId: input.partnerId,
      from: state.stage,
      to,
      reason,
      workflowId,
      step,
    });
    state.stage = to;
    upsertSearchAttributes([{ key: StageAttribute, value: to }]);
  }

  const screening = await executeChild(screeningWorkflow, {
    workflowId: screeningWorkflowId(input.partnerId),
    args: [input],
    parentClosePolicy: ParentClosePolicy.TERMINATE,
    typedSearchAttributes: [
      { key: PartnerIdAttribute, value: input.partnerId },
      { key: ProgramIdAttribute, value: input.programId },
      { key: StageAttribute, value: 'APPLIED' },
      { key: WorkflowKindAttribute, value: 'screening' },
    ],
  });

  if (screening.decision === 'reject') {
    onboarding.status = 'not_applicable';
    onboarding.reason = 'the application was rejected';
    await moveToStage('REJECTED', screening.reason, 'screening-rejected');
    await emailActivities.sendPartnerEmail({
      partnerId: input.partnerId,
      template: 'partner.rejected',
      variables: { reason: screening.reason },
      workflowId,
      step: 'rejection-email',
    });
    return;
  }

  await moveToStage('ACTIVE', screening.reason, 'screening-approved');
  const approvedAtMs = Date.now();
  await emailActivities.sendPartnerEmail({
    partnerId: input.partnerId,
    template: 'partner.welcome',
    workflowId,
    step: WELCOME_STEP,
  });

  if (patched(ONBOARDING_DRIP_PATCH)) {
    onboarding.steps.push(approvalWelcomeStep(WELCOME_STEP, iso(approvedAtMs), iso(Date.now())));
    await runOnboardingDrip({
      partnerId: input.partnerId,
      programId: input.programId,
      workflowId,
      state: onboarding,
      approvedAtMs,
      stopReason: () => (state.stage === 'TERMINATED' ? 'the partner was terminated' : undefined),
    });
  } else {
    onboarding.status = 'not_applicable';
    onboarding.reason = 'approved before the onboarding drip existed';
  }

  // An active partner's workflow stays open: onboarding, activity signals, re-engagement and
  // termination drive the later stages, and the workflow ends with termination.
  await condition(() => state.stage === 'TERMINATED');
}

import {
  condition,
  executeChild,
  ParentClosePolicy,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  lifecycleStateQuery,
  PartnerIdAttribute,
  ProgramIdAttribute,
  screeningWorkflowId,
  StageAttribute,
  WorkflowKindAttribute,
  type LifecycleState,
  type PartnerLifecycleInput,
  type PartnerStage,
} from '@partnerflow/domain';
import { databaseActivities, emailActivities } from './activity-proxies';
import { screeningWorkflow } from './screening.workflow';

/**
 * The partner's whole life, from application to termination (`partner-<partnerId>`).
 * It owns the stage: every change goes through `moveToStage`, which mirrors it to the database
 * row, the audit log and the Stage search attribute.
 */
export async function partnerLifecycleWorkflow(input: PartnerLifecycleInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const state: LifecycleState = {
    stage: 'APPLIED',
    screeningConfigVersionId: input.screeningConfigVersionId,
  };
  setHandler(lifecycleStateQuery, () => state);

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
  await emailActivities.sendPartnerEmail({
    partnerId: input.partnerId,
    template: 'partner.welcome',
    workflowId,
    step: 'welcome-email',
  });

  // An active partner's workflow stays open: onboarding, activity signals, re-engagement and
  // termination drive the later stages, and the workflow ends with termination.
  await condition(() => state.stage === 'TERMINATED');
}

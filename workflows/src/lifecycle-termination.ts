import { condition, executeChild, ParentClosePolicy, sleep } from '@temporalio/workflow';
import type { PartnerLifecycleInput } from '@partnerflow/domain';
import type { LifecycleControl } from './lifecycle-control';
import { partnerSearchAttributes, type StageKeeper } from './lifecycle-stages';
import { partnerTerminationWorkflow } from './partner-termination.workflow';

/**
 * Waits for an operator's termination; at its effective time moves the partner to TERMINATED
 * (which stops the onboarding drip and, through the stage, credit for clicks), then runs the
 * wind-down as a child, `partner-<id>-termination`, and returns when it has finished.
 *
 * A child rather than more steps here: it has its own history and query, ops can list it by
 * kind, and its retention timer can be long without the lifecycle's history growing. It is
 * abandoned, not terminated, should the lifecycle be terminated by hand: erasing personal data
 * at the end of the retention period must not depend on the parent.
 */
export async function windDownOnTermination(input: PartnerLifecycleInput, keeper: StageKeeper, control: LifecycleControl): Promise<void> {
  await condition(() => control.recordedTermination() !== null);
  const termination = control.recordedTermination()!;
  const untilEffective = Date.parse(termination.effectiveAt) - Date.now();
  if (untilEffective > 0) await sleep(untilEffective);

  await keeper.move({ to: 'TERMINATED', reason: `${termination.category}: ${termination.reason}`, step: 'terminated', operatorId: termination.requestedBy });
  control.state.pause = null;
  control.state.windDown = 'running';
  await executeChild(partnerTerminationWorkflow, {
    workflowId: termination.windDownWorkflowId,
    args: [
      {
        partnerId: input.partnerId,
        programId: input.programId,
        category: termination.category,
        reason: termination.reason,
        requestedBy: termination.requestedBy,
        effectiveAt: termination.effectiveAt,
      },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: partnerSearchAttributes(input, 'TERMINATED', 'termination'),
  });
  control.state.windDown = 'finished';
}

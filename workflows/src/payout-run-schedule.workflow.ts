import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { log, ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { ProgramIdAttribute, WorkflowKindAttribute, type PayoutScheduleTickInput } from '@partnerflow/domain';
import { iso, workflowNow } from './payout-run.context';
import { payoutDatabase } from './payout-run.proxies';
import { payoutRunWorkflow } from './payout-run.workflow';

/**
 * What a program's Temporal Schedule starts: the schedule's own workflow ids carry its firing
 * time, not our business key, so this short workflow finds the period that is due, records its
 * run and starts `payout-<programId>-<periodEnd>` — which refuses a second start, so a repeated or
 * late firing never pays a period twice. The run outlives it (abandoned, not a child to wait for).
 */
export async function payoutRunScheduleWorkflow(input: PayoutScheduleTickInput): Promise<{ runId: string; periodEnd: string; started: boolean }> {
  const opened = await payoutDatabase.openScheduledPayoutRun({ programId: input.programId, firedAt: iso(workflowNow()) });
  try {
    await startChild(payoutRunWorkflow, {
      workflowId: opened.runId,
      args: [{ programId: input.programId, periodEnd: opened.periodEnd }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: ProgramIdAttribute, value: input.programId },
        { key: WorkflowKindAttribute, value: 'payout-run' },
      ],
    });
    return { ...opened, started: true };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    log.info('the period has its run already', { runId: opened.runId });
    return { ...opened, started: false };
  }
}

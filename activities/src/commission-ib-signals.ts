import { ApplicationFailure } from '@temporalio/common';
import {
  commissionHoldWorkflowId,
  conversionCreditedSignal,
  PartnerIdAttribute,
  ProgramIdAttribute,
  WorkflowKindAttribute,
  type CommissionHoldInput,
  type ConversionCredited,
} from '@partnerflow/domain';
import { currentActivity } from './current-activity';

/**
 * After the recording transaction committed: hands the conversion (or the refund) to each master's
 * hold workflow `holds-<masterId>`, as the api's CommissionHandoff hands a conversion to the
 * partners it credits — signalWithStart, so a master with nothing pending gets its workflow
 * started. The master's own recording call then answers the overrides it holds, and its workflow
 * releases them on its schedule. A repeat is harmless (the hold keeps a commission once).
 *
 * Unlike domain events there is no catch-up for this, so a failed signal fails the activity: the
 * hold workflow retries it, the retry writes nothing new and signals again. Outside a worker
 * (activity tests) it does nothing.
 */
export async function signalMasterHolds(masterIds: string[], conversionId: string, programId: string): Promise<void> {
  const context = currentActivity();
  if (masterIds.length === 0 || !context) return;
  for (const partnerId of masterIds) {
    try {
      await context.client.workflow.signalWithStart<(input: CommissionHoldInput) => Promise<void>, [ConversionCredited]>('commissionHoldWorkflow', {
        workflowId: commissionHoldWorkflowId(partnerId),
        taskQueue: context.info.taskQueue,
        args: [{ partnerId, programId }],
        signal: conversionCreditedSignal,
        signalArgs: [{ conversionId }],
        typedSearchAttributes: [
          { key: PartnerIdAttribute, value: partnerId },
          { key: ProgramIdAttribute, value: programId },
          { key: WorkflowKindAttribute, value: 'commission-hold' },
        ],
      });
    } catch (error) {
      throw ApplicationFailure.retryable(`IB overrides of ${conversionId} are recorded, but master ${partnerId}'s hold workflow was not told (retried): ${String(error)}`, 'MasterHoldSignalFailed');
    }
  }
}

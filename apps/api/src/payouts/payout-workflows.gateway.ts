import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type UpdateDefinition } from '@temporalio/common';
import {
  DomainError,
  ErrorCode,
  PAYOUT_UPDATE_REFUSED,
  payoutReturnWorkflowId,
  payoutRunStateQuery,
  ProgramIdAttribute,
  WorkflowKindAttribute,
  type Env,
  type PayoutRunState,
} from '@partnerflow/domain';
import type { payoutRunReturnWorkflow, payoutRunWorkflow } from '@partnerflow/workflows';
import { ENV, TEMPORAL_CLIENT } from '../common/tokens';

/** The run answers updates in milliseconds when up; a return records and notifies in about a second. */
const UPDATE_TIMEOUT_MS = 10_000;
const RETURN_TIMEOUT_MS = 20_000;

const unavailable = (error: unknown) =>
  new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, `the workflow engine is unavailable (${(error as Error).message}): send it again in a moment`);

/** The api's side of the payout workflows: starting runs and returns, updates, the run's live state. */
@Injectable()
export class PayoutWorkflowsGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** Starts the run unless its workflow exists already (running or done: a period is never run twice). */
  async startRun(runId: string, programId: string, periodEnd: string): Promise<void> {
    try {
      await this.temporal.workflow.start<typeof payoutRunWorkflow>('payoutRunWorkflow', {
        workflowId: runId,
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        args: [{ programId, periodEnd }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: ProgramIdAttribute, value: programId },
          { key: WorkflowKindAttribute, value: 'payout-run' },
        ],
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw unavailable(error);
    }
  }

  async update<Ret, Arg>(runId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    const handle = this.temporal.workflow.getHandle(runId);
    try {
      return await this.temporal.connection.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () => handle.executeUpdate(update, { args: [arg] }));
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const refusal = error.cause;
        if (refusal instanceof ApplicationFailure && refusal.type === PAYOUT_UPDATE_REFUSED) throw new DomainError(ErrorCode.CONFLICT, `run ${runId}: ${refusal.message}`);
        throw error; // (accepted, then failed in the workflow: a bug to see as a 500)
      }
      if (error instanceof WorkflowNotFoundError) throw new DomainError(ErrorCode.CONFLICT, `run ${runId} is not running: it has completed, nothing waits in it`);
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        throw new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'the workflow engine did not confirm in time: GET the run before sending it again');
      }
      throw unavailable(error);
    }
  }

  /** The run's live state, or null when it is not running or Temporal cannot answer now. */
  async runState(runId: string): Promise<PayoutRunState | null> {
    try {
      return await this.temporal.connection.withDeadline(Date.now() + 3_000, () => this.temporal.workflow.getHandle(runId).query(payoutRunStateQuery));
    } catch {
      return null;
    }
  }

  /** Books a returned payment and tells the partner and finance (payoutRunReturnWorkflow), once per payout. */
  async returnPayout(payoutId: string, reason: string, operatorId: string): Promise<{ returned: boolean; status: string }> {
    try {
      return await this.temporal.connection.withDeadline(Date.now() + RETURN_TIMEOUT_MS, () =>
        this.temporal.workflow.execute<typeof payoutRunReturnWorkflow>('payoutRunReturnWorkflow', {
          workflowId: payoutReturnWorkflowId(payoutId),
          taskQueue: this.env.TEMPORAL_TASK_QUEUE,
          args: [{ payoutId, reason, operatorId }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [{ key: WorkflowKindAttribute, value: 'payout-return' }],
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new DomainError(ErrorCode.CONFLICT, `payout ${payoutId} has been returned already`);
      throw unavailable(error);
    }
  }
}

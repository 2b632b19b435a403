import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Partner } from '@partnerflow/db';
import { DomainError, ErrorCode, LIFECYCLE_CONTROL_REFUSED } from '@partnerflow/domain';
import { TEMPORAL_CLIENT } from '../common/tokens';

/** How long the lifecycle may take to accept and record a change (it answers in milliseconds when up). */
const UPDATE_TIMEOUT_MS = 10_000;

/**
 * Sends an operator's pause, resume or termination to the partner's lifecycle workflow as an
 * Update and maps its answer: refused by the workflow → 409 with its reason; no lifecycle running
 * (rejected, terminated, or never started) → 409; Temporal unreachable or too slow → 503.
 */
@Injectable()
export class LifecycleUpdatesGateway {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  async send<Ret, Arg>(partner: Partner, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    const lifecycle = this.temporal.workflow.getHandle(partner.workflowId);
    try {
      return await this.temporal.connection.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () => lifecycle.executeUpdate(update, { args: [arg] }));
    } catch (error) {
      throw this.mapped(partner, error);
    }
  }

  private mapped(partner: Partner, error: unknown): unknown {
    if (error instanceof WorkflowUpdateFailedError) {
      const refusal = error.cause;
      if (refusal instanceof ApplicationFailure && refusal.type === LIFECYCLE_CONTROL_REFUSED) {
        return new DomainError(ErrorCode.CONFLICT, `partner ${partner.id}: ${refusal.message}`);
      }
      return error; // (accepted, then failed in the workflow: a bug to see as a 500, not a refusal)
    }
    if (error instanceof WorkflowNotFoundError) {
      return new DomainError(ErrorCode.CONFLICT, `partner ${partner.id} is ${partner.stage} and its lifecycle workflow is not running: nothing to change`);
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      return new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'the workflow engine did not confirm the change in time: GET the partner before sending it again');
    }
    // Anything else the client throws means the engine could not be reached or refused the call.
    return new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, `the workflow engine is unavailable (${(error as Error).message}): nothing was changed, send it again in a moment`);
  }
}

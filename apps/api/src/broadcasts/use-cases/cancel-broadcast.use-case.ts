import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Client, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Broadcast } from '@partnerflow/db';
import { BROADCAST_CANCEL_REFUSED, cancelBroadcastUpdate, DomainError, ErrorCode } from '@partnerflow/domain';
import { TEMPORAL_CLIENT } from '../../common/tokens';
import type { OperatorAction } from '../../programs/programs.repository';
import { broadcastView } from '../broadcast.views';
import { BroadcastsRepository } from '../broadcasts.repository';

/** The workflow records the cancellation (a database write) before it answers. */
const CANCEL_TIMEOUT_MS = 10_000;

const finished = (broadcastId: string) =>
  new DomainError(ErrorCode.CONFLICT, `broadcast ${broadcastId} has finished: everything was sent (and reminded), so there is nothing to cancel`);

/**
 * An operator cancels a broadcast that is scheduled, sending or still reminding: its workflow
 * records the cancellation (status, who, when, an audit entry) and stops at the next batch
 * boundary — recipients not reached get nothing, those already sent keep it, reminders stop.
 * Cancelling again answers the same cancelled broadcast; a finished one is a conflict.
 */
@Injectable()
export class CancelBroadcastUseCase {
  constructor(
    private readonly broadcasts: BroadcastsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async execute(broadcastId: string, action: OperatorAction) {
    const broadcast = await this.broadcasts.findById(broadcastId);
    if (!broadcast) throw new DomainError(ErrorCode.NOT_FOUND, `broadcast ${broadcastId} does not exist`);
    if (broadcast.status !== 'cancelled') {
      // Sent without reminders: its workflow ended with the last batch.
      if (broadcast.status === 'sent' && !broadcast.reminders) throw finished(broadcastId);
      await this.cancelWorkflow(broadcast, action);
    }
    const current = (await this.broadcasts.findById(broadcastId)) ?? broadcast;
    return broadcastView(current, await this.broadcasts.counts(broadcastId));
  }

  private async cancelWorkflow(broadcast: Broadcast, action: OperatorAction): Promise<void> {
    const workflow = this.temporal.workflow.getHandle(broadcast.workflowId);
    try {
      await this.temporal.connection.withDeadline(Date.now() + CANCEL_TIMEOUT_MS, () =>
        workflow.executeUpdate(cancelBroadcastUpdate, { args: [{ cancelledBy: action.operatorKeyId, requestId: action.requestId }] }),
      );
    } catch (error) {
      const refusal = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if ((refusal instanceof ApplicationFailure && refusal.type === BROADCAST_CANCEL_REFUSED) || error instanceof WorkflowNotFoundError) {
        // Its workflow has ended: cancelled by a request that came just before this one, or finished.
        if ((await this.broadcasts.findById(broadcast.id))?.status === 'cancelled') return;
        throw finished(broadcast.id);
      }
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        throw new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'the workflow engine did not confirm the cancellation in time: GET the broadcast before sending it again');
      }
      throw error;
    }
  }
}

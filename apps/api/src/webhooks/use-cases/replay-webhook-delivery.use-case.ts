import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { DomainError, ErrorCode, ProgramIdAttribute, webhookPolicyOf, WorkflowKindAttribute, type Env } from '@partnerflow/domain';
import type { webhookDeliveryWorkflow } from '@partnerflow/workflows';
import { ENV, TEMPORAL_CLIENT } from '../../common/tokens';
import type { OperatorAction } from '../../programs/programs.repository';
import { WebhooksRepository } from '../webhooks.repository';

/**
 * Sends a delivery's event to its endpoint again, as a new delivery with its own workflow and
 * attempt log (the original keeps its record). The payload and `webhook-id` are the event's, so a
 * receiver that already processed it can recognise the repeat.
 */
@Injectable()
export class ReplayWebhookDeliveryUseCase {
  constructor(
    private readonly webhooks: WebhooksRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async execute(deliveryId: string, action: OperatorAction) {
    const original = await this.webhooks.findDelivery(deliveryId);
    if (!original) throw new DomainError(ErrorCode.NOT_FOUND, `webhook delivery ${deliveryId} does not exist`);
    const { endpoint } = original;
    if (endpoint.deletedAt) throw new DomainError(ErrorCode.RULE_VIOLATION, `its endpoint ${endpoint.id} was deleted`);
    if (!endpoint.enabled) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `its endpoint ${endpoint.id} is disabled: enable it first (POST /v1/programs/${endpoint.programId}/webhooks/${endpoint.id}/enable)`);
    }
    if (original.status === 'pending') throw new DomainError(ErrorCode.CONFLICT, `delivery ${deliveryId} is still being attempted`);

    const replay = await this.webhooks.createReplay(original, action);
    try {
      await this.temporal.workflow.start<typeof webhookDeliveryWorkflow>('webhookDeliveryWorkflow', {
        workflowId: replay.workflowId,
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        args: [{ deliveryId: replay.id, retry: webhookPolicyOf(endpoint.policy).retry }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: ProgramIdAttribute, value: endpoint.programId },
          { key: WorkflowKindAttribute, value: 'webhook-delivery' },
        ],
      });
    } catch {
      await this.webhooks.discardReplay(replay.id);
      throw new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'the workflow service is unavailable: try again shortly');
    }
    return { deliveryId: replay.id, replayOf: original.id, workflowId: replay.workflowId };
  }
}

import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, log, ParentClosePolicy, proxyActivities, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { Activities } from '@partnerflow/activities';
import { NonRetryableFailure, ProgramIdAttribute, WorkflowKindAttribute, type DomainEvent, type DomainEventDispatchPlan } from '@partnerflow/domain';
import { webhookDeliveryWorkflow } from './webhook-delivery.workflow';

/** What an event's dispatch does, one event or a batch of them (domain-event-dispatch*.workflow.ts). */

const nonRetryableErrorTypes = Object.values(NonRetryableFailure);
export const dispatchDatabase = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});

/**
 * The messaging work's activity, typed here so the dispatch works before it is registered (the
 * worker answers an unregistered activity with a NotFoundError, which is non-retryable here).
 */
interface NotificationRuleActivities {
  applyNotificationRules(event: DomainEvent): Promise<unknown>;
}
const notifications = proxyActivities<NotificationRuleActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});

export type NotificationRulesOutcome = 'applied' | 'not_registered' | 'failed';

/** A delivery workflow per planned delivery, started and left to run on its own retry schedule. */
export async function startWebhookDeliveries({ event, deliveries }: DomainEventDispatchPlan): Promise<void> {
  for (const delivery of deliveries) {
    try {
      await startChild(webhookDeliveryWorkflow, {
        workflowId: delivery.workflowId,
        args: [{ deliveryId: delivery.deliveryId, retry: delivery.retry }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: ProgramIdAttribute, value: event.programId },
          { key: WorkflowKindAttribute, value: 'webhook-delivery' },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}

export async function applyNotificationRules(event: DomainEvent): Promise<NotificationRulesOutcome> {
  try {
    await notifications.applyNotificationRules(event);
    return 'applied';
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === NonRetryableFailure.NOT_FOUND && /is not registered/.test(cause.message)) {
      return 'not_registered';
    }
    // Webhooks are already on their way; a rule that cannot be applied must not undo them.
    log.warn('notification rules failed for the event', { eventId: event.id, error: String(error) });
    return 'failed';
  }
}

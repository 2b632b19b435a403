import { applyNotificationRules, dispatchDatabase, startWebhookDeliveries, type NotificationRulesOutcome } from './domain-event-dispatch.fan-out';

export interface DomainEventDispatchSummary {
  eventId: string;
  name: string;
  webhookDeliveries: string[];
  notificationRules: NotificationRulesOutcome;
}

/**
 * One domain event's fan-out (`event-<eventId>`; the id makes a second start a no-op): a delivery
 * workflow per subscribed, enabled webhook endpoint — started and left to run on its own retry
 * schedule — then the program's notification rules. A bulk producer dispatches its events in
 * batches instead (domain-event-dispatch-batch.workflow.ts).
 */
export async function domainEventDispatchWorkflow({ eventId }: { eventId: string }): Promise<DomainEventDispatchSummary> {
  const plan = await dispatchDatabase.prepareDomainEventDispatch({ eventId });
  await startWebhookDeliveries(plan);
  return {
    eventId,
    name: plan.event.name,
    webhookDeliveries: plan.deliveries.map((delivery) => delivery.deliveryId),
    notificationRules: await applyNotificationRules(plan.event),
  };
}

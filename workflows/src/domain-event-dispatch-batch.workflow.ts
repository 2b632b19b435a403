import { applyNotificationRules, dispatchDatabase, startWebhookDeliveries, type NotificationRulesOutcome } from './domain-event-dispatch.fan-out';

export interface DomainEventBatchDispatchSummary {
  events: number;
  webhookDeliveries: number;
  notificationRules: Partial<Record<NotificationRulesOutcome, number>>;
}

/**
 * The fan-out of a bulk producer's events (`events-<producer key>`, at most
 * MAX_EVENTS_PER_DISPATCH_BATCH): what `domainEventDispatchWorkflow` does for one event, for each
 * of them — their webhook deliveries started, their notification rules applied — from one
 * workflow and one planning transaction, so a payout run of N partners does not start N
 * dispatches. Idempotent per event like the single dispatch (the same plan, the same delivery
 * and notification keys), so an event the catch-up dispatches on its own as well is still
 * delivered and notified once.
 */
export async function domainEventBatchDispatchWorkflow({ eventIds }: { eventIds: string[] }): Promise<DomainEventBatchDispatchSummary> {
  const plans = await dispatchDatabase.prepareDomainEventDispatches({ eventIds });
  await Promise.all(plans.map(startWebhookDeliveries));
  const outcomes = await Promise.all(plans.map((plan) => applyNotificationRules(plan.event)));
  const notificationRules: DomainEventBatchDispatchSummary['notificationRules'] = {};
  for (const outcome of outcomes) notificationRules[outcome] = (notificationRules[outcome] ?? 0) + 1;
  return { events: plans.length, webhookDeliveries: plans.reduce((sum, plan) => sum + plan.deliveries.length, 0), notificationRules };
}

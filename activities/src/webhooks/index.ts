import { createWebhookAlertActivities } from './webhook-alert.activities';
import { createWebhookDeliveryActivities, type WebhookActivityDeps } from './webhook-delivery.activities';

export * from './webhook-signature';
export { webhookUrlProblem, type WebhookDestinationPolicy } from './webhook-destination';
export type { WebhookActivityDeps, WebhookAttemptRequest } from './webhook-delivery.activities';

/** Delivery attempts and the disabled-endpoint alert. */
export function createWebhookActivities(deps: WebhookActivityDeps) {
  return { ...createWebhookDeliveryActivities(deps), ...createWebhookAlertActivities(deps) };
}

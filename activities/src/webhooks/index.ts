import type { EmailActivityDeps } from '../email.activities';
import { createWebhookAlertActivities } from './webhook-alert.activities';
import { createWebhookDeliveryActivities } from './webhook-delivery.activities';

export * from './webhook-signature';
export type { WebhookAttemptRequest } from './webhook-delivery.activities';

/** Delivery attempts and the disabled-endpoint alert. */
export function createWebhookActivities(deps: EmailActivityDeps) {
  return { ...createWebhookDeliveryActivities(deps), ...createWebhookAlertActivities(deps) };
}

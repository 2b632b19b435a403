import type { EmailActivityDeps } from '../email.activities';
import type { DeliveryStarter } from './delivery-starter';
import { createMessageDeliveryActivities } from './message-delivery.activities';
import { createNotificationRuleActivities } from './notification-rules.activities';

export * from './delivery-starter';
export * from './downline';
export * from './message-delivery.activities';
export * from './post-recording';
export * from './notification-rules.activities';

export type MessagingActivityDeps = Pick<EmailActivityDeps, 'prisma'> & { startDeliveries?: DeliveryStarter };

/** Messages and automated notifications: inbox delivery and the event → notification rules. */
export function createMessagingActivities(deps: MessagingActivityDeps) {
  return {
    ...createMessageDeliveryActivities(deps),
    ...createNotificationRuleActivities(deps),
  };
}

import { createCommissionActivities } from './commissions.activities';
import { createEmailActivities, type EmailActivityDeps } from './email.activities';
import { createLifecycleControlActivities } from './lifecycle-control.activities';
import { createLifecycleEngagementActivities } from './lifecycle-engagement.activities';
import { createReengagementCycleActivities } from './reengagement-cycle.activities';
import { createOnboardingConfigActivities } from './onboarding-config.activities';
import { createOnboardingJournalActivities } from './onboarding-journal.activities';
import { createPartnerActivities } from './partners.activities';
import { createReviewTaskActivities } from './review-tasks.activities';
import { createTerminationActivities } from './termination.activities';
import { createPayoutActivities, type PayoutActivityDeps } from './payouts';
import { createBroadcastActivities } from './broadcasts';
import { createDomainEventActivities } from './events';
import { createWebhookActivities, type WebhookActivityDeps } from './webhooks';
import { createMessagingActivities } from './messaging';
import { createPerformanceReviewActivities } from './performance';

export * from './commissions.activities';
export * from './email.activities';
export * from './lifecycle-control.activities';
export * from './lifecycle-engagement.activities';
export * from './reengagement-cycle.activities';
export { latestActivity } from './partner-activity-reads';
export { ibUplinesOf, overrideDepth } from './commission-ib-upline';
export * from './mail-transport';
export { pseudonymiseAuditRows } from './audit-pseudonymisation';
export * from './onboarding-config.activities';
export * from './onboarding-journal.activities';
export * from './partners.activities';
export * from './review-tasks.activities';
export * from './termination.activities';
export * from './payouts';
export * from './broadcasts';
export * from './events';
export * from './webhooks';
export * from './messaging';
export * from './performance';

export type ActivityDeps = EmailActivityDeps & Pick<PayoutActivityDeps, 'paymentProviders'> & Pick<WebhookActivityDeps, 'webhookAllowPrivateNetworks'>;

/** Every activity the worker registers, built from explicit dependencies (real or test doubles). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPartnerActivities(deps),
    ...createEmailActivities(deps),
    ...createReviewTaskActivities(deps),
    ...createCommissionActivities(deps),
    ...createOnboardingConfigActivities(deps),
    ...createOnboardingJournalActivities(deps),
    ...createLifecycleControlActivities(deps),
    ...createLifecycleEngagementActivities(deps),
    ...createReengagementCycleActivities(deps),
    ...createTerminationActivities(deps),
    ...createPayoutActivities(deps),
    ...createDomainEventActivities(deps),
    ...createWebhookActivities(deps),
    ...createBroadcastActivities(deps),
    ...createMessagingActivities(deps),
    ...createPerformanceReviewActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

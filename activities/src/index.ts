import { createCommissionActivities } from './commissions.activities';
import { createEmailActivities, type EmailActivityDeps } from './email.activities';
import { createLifecycleControlActivities } from './lifecycle-control.activities';
import { createOnboardingConfigActivities } from './onboarding-config.activities';
import { createOnboardingJournalActivities } from './onboarding-journal.activities';
import { createPartnerActivities } from './partners.activities';
import { createReviewTaskActivities } from './review-tasks.activities';
import { createTerminationActivities } from './termination.activities';

export * from './commissions.activities';
export * from './email.activities';
export * from './lifecycle-control.activities';
export * from './mail-transport';
export * from './onboarding-config.activities';
export * from './onboarding-journal.activities';
export * from './partners.activities';
export * from './review-tasks.activities';
export * from './termination.activities';

export type ActivityDeps = EmailActivityDeps;

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
    ...createTerminationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

import { createEmailActivities, type EmailActivityDeps } from './email.activities';
import { createPartnerActivities } from './partners.activities';
import { createReviewTaskActivities } from './review-tasks.activities';

export * from './email.activities';
export * from './mail-transport';
export * from './partners.activities';
export * from './review-tasks.activities';

export type ActivityDeps = EmailActivityDeps;

/** Every activity the worker registers, built from explicit dependencies (real or test doubles). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPartnerActivities(deps),
    ...createEmailActivities(deps),
    ...createReviewTaskActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

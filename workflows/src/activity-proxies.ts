import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '@partnerflow/activities';
import { EMAIL_MAX_ATTEMPTS, NonRetryableFailure } from '@partnerflow/domain';

/** Retry policies in one place: database work retries fast, email backs off to minutes. */
const nonRetryableErrorTypes = Object.values(NonRetryableFailure);

export const databaseActivities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});

export const emailActivities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: EMAIL_MAX_ATTEMPTS,
    nonRetryableErrorTypes,
  },
});

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

/**
 * The commission hold's ledger writes: one transaction each, retried until they succeed (they are
 * idempotent). A release approves up to a thousand commissions at once, hence the longer timeout.
 */
export const ledgerActivities = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});

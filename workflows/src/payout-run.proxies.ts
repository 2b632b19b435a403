import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '@partnerflow/activities';
import { EMAIL_MAX_ATTEMPTS, NonRetryableFailure } from '@partnerflow/domain';

/** The payout run's retry policies: money and bookkeeping retry until done, notices give up like emails do. */
const nonRetryableErrorTypes = Object.values(NonRetryableFailure);

/** Snapshot batches, approval records, lists: database work, a batch of hundreds of partners per call. */
export const payoutDatabase = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});

/**
 * One payout through its provider. Providers bound each call to 30 s, so two minutes means a hung
 * attempt; every retry carries the same idempotency key (the payout id), so retrying without a
 * limit is safe, and a provider outage only delays the payout.
 */
export const payoutDisbursement = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // The activity heartbeats during the provider call: a worker killed mid-call is retried within seconds.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes },
});

/** Partner and approver emails: as the email activity, a message out of retries is marked failed and the run goes on. */
export const payoutNotices = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: EMAIL_MAX_ATTEMPTS, nonRetryableErrorTypes },
});

import type { EmailActivityDeps } from '../email.activities';
import { createPayoutDisbursementActivities, type PaymentProviderRegistry } from './payout-disbursement.activities';
import { createPayoutNoticeActivities } from './payout-notices.activities';
import { createPayoutReturnActivities } from './payout-return.activities';
import { createPayoutRunOpeningActivities } from './payout-run-opening.activities';
import { createPayoutRunActivities } from './payout-run.activities';

export type { PaymentProviderRegistry, DisbursementOutcome, EventsDispatchedBy } from './payout-disbursement.activities';
export type { PreparedPayoutRun } from './payout-run-opening.activities';
export type { SnapshotBatchRequest, SnapshotBatchResult, PayoutDecisionRecord } from './payout-run.activities';
export type { ApproverNotice } from './payout-notices.activities';
export type { ApprovalWindow } from './payout-snapshot';
export { previewPayouts, type PreviewedPayout } from './payout-snapshot';

export interface PayoutActivityDeps extends EmailActivityDeps {
  /** By provider name (`createPaymentProviders(env)`); a payout whose provider is missing fails with that reason. */
  paymentProviders?: PaymentProviderRegistry;
}

/** The payout run's activities (workflows/src/payout-run.workflow.ts). */
export function createPayoutActivities(deps: PayoutActivityDeps) {
  return {
    ...createPayoutRunOpeningActivities(deps),
    ...createPayoutRunActivities(deps),
    ...createPayoutDisbursementActivities(deps),
    ...createPayoutNoticeActivities(deps),
    ...createPayoutReturnActivities(deps),
  };
}
export { createPaymentProviders, type PaymentProviders } from './providers';

import type { PrismaClient } from '@partnerflow/db';
import { createCommissionRecordingActivities } from './commission-recording.activities';
import { createCommissionReleaseActivities } from './commission-release.activities';
import { createCommissionReviewActivities } from './commission-review.activities';

export type { RecordCommissionsRequest, RecordedCommission, RecordedConversion } from './commission-recording.activities';
export type { ReversedCommission } from './commission-reversals';
export type { ReleaseRequest, ReleaseResult } from './commission-release.activities';
export type { CommissionReviewDecisionRecord, CommissionReviewOutcome } from './commission-review.activities';

/**
 * What the commission hold workflow (`holds-<partnerId>`) does to the database: record a
 * conversion's commissions or reversals, approve those whose hold ended, and carry out reviews.
 * Every write is keyed by a business key and guarded by the commission's status, in one
 * transaction per call, so a retry answers the first result and writes nothing more.
 */
export function createCommissionActivities(deps: { prisma: PrismaClient }) {
  return {
    ...createCommissionRecordingActivities(deps),
    ...createCommissionReleaseActivities(deps),
    ...createCommissionReviewActivities(deps),
  };
}

export type CommissionActivities = ReturnType<typeof createCommissionActivities>;

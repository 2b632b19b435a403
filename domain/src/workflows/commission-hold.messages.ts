import { defineQuery, defineSignal } from '@temporalio/workflow';
import { z } from 'zod';

/**
 * The commission hold workflow (`holds-<partnerId>`, one per partner): what it is told, what it
 * carries from one run to the next, and what it answers ops. Times are ISO 8601 text and amounts
 * stay in the database: workflow payloads are JSON.
 */

/**
 * A conversion credits the partner: a commissionable event, or a refund/chargeback referring to
 * an earlier one. The api sends it with signalWithStart, so it starts the workflow when none runs;
 * a repeat is harmless (commissions are keyed by conversion, partner and rule).
 */
export const conversionCreditedSchema = z.object({ conversionId: z.string().min(1).max(64) }).strict();
export type ConversionCredited = z.infer<typeof conversionCreditedSchema>;
export const conversionCreditedSignal = defineSignal<[ConversionCredited]>('conversionCredited');

/** An operator's decision on a flagged commission's review task (the api checked the task is open). */
export const commissionReviewDecisionSchema = z
  .object({
    commissionId: z.string().min(1).max(64),
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().min(1).max(2000),
    reviewerId: z.string().min(1),
    /** The api request's id, for the audit entry. */
    requestId: z.string().max(200).optional(),
  })
  .strict();
export type CommissionReviewDecision = z.infer<typeof commissionReviewDecisionSchema>;
export const commissionReviewDecisionSignal = defineSignal<[CommissionReviewDecision]>('commissionReviewDecision');

/** What an unanswered review does once it has waited `expireAfterHours` (the hold config). */
export type CommissionReviewExpiry = 'approve' | 'reject' | 'keep_waiting';

/** A commission the hold timer releases at `holdUntil`. */
export interface HeldCommission {
  commissionId: string;
  holdUntil: string;
  /** Its conversion carries fraud flags, and the hold config lets flagged ones release as usual. */
  flagged: boolean;
}

/** A flagged commission that waits for a person (its `commission_review` operator task). */
export interface CommissionInReview {
  commissionId: string;
  taskId: string;
  /** "12.34 EUR", and the conversion's fraud flags: what the reviewers' emails say. */
  amount: string;
  reasons: string;
  /** When its hold would have ended: shown to ops; a decision, not the timer, releases it. */
  holdUntil: string;
  openedAt: string;
  reminderHours: number;
  nextReminderAt: string;
  remindersSent: number;
  expiresAt: string | null;
  onExpiry: CommissionReviewExpiry;
  /** The expiry passed and said keep waiting: reminders go on, nothing else happens. */
  expired: boolean;
}

/** Everything a run hands to the next when it continues as new. */
export interface CommissionHoldSnapshot {
  /** Ordered by release time, then commission id. */
  held: HeldCommission[];
  inReview: CommissionInReview[];
  /** Signals that had arrived but were not processed yet, in arrival order. */
  unprocessed: HoldSignal[];
}

/** A signal as the workflow queues it until it is processed. */
export type HoldSignal =
  | ({ signal: 'conversionCredited' } & ConversionCredited)
  | ({ signal: 'commissionReviewDecision' } & CommissionReviewDecision);

/** The api starts it with `{ partnerId, programId }`; `carried` is set only by the workflow itself, when it continues as new. */
export interface CommissionHoldInput {
  partnerId: string;
  programId: string;
  /** Conversions one run processes before it continues as new (default 500); tests lower it. */
  conversionsPerRun?: number;
  carried?: CommissionHoldSnapshot;
}

/** One pending commission as ops see it. */
export interface PendingCommissionView {
  commissionId: string;
  holdUntil: string;
  flagged: boolean;
  awaitingReview: boolean;
  review: Pick<CommissionInReview, 'taskId' | 'nextReminderAt' | 'expiresAt' | 'onExpiry' | 'expired'> | null;
}

export interface CommissionHoldState {
  partnerId: string;
  programId: string;
  /** Every commission still pending: the held ones by release time, then those in review. */
  pending: PendingCommissionView[];
  /** When the workflow next wakes by itself (a release, a reminder or an expiry); null: only a signal wakes it. */
  nextWakeAt: string | null;
  /** Signals received and not yet processed. */
  queuedSignals: number;
  /** Conversions processed by this run (the count starts again after continue-as-new). */
  conversionsProcessed: number;
}

export const commissionHoldStateQuery = defineQuery<CommissionHoldState>('commissionHoldState');

import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { PayoutDecisionOutcome, PayoutDecisionRequest } from './payout-approvals';

/**
 * The payout run workflow (`payout-<programId>-<periodEnd>`): its input, what it carries across
 * continue-as-new, and the updates and query the api uses. Amounts stay in the database; payloads
 * carry ids and counts, so a run over thousands of partners stays within Temporal's limits.
 */

export const PAYOUT_RUN_PHASES = ['snapshotting', 'awaiting_approval', 'disbursing', 'completed'] as const;
export type PayoutRunPhase = (typeof PAYOUT_RUN_PHASES)[number];

/** The failure type of a refused update (validator): the api answers 409 with its message. */
export const PAYOUT_UPDATE_REFUSED = 'PayoutUpdateRefused';

/** The approval step's timers, from when the run started waiting (ISO 8601). */
export interface PayoutApprovalClock {
  openedAt: string;
  remindersSent: number;
  nextReminderAt: string;
  escalateAt: string;
  escalated: boolean;
  /** onNoApproval "skip": when the payouts still waiting are skipped to the next run. */
  skipAt: string | null;
}

export interface PayoutRunCarried {
  phase: PayoutRunPhase;
  /** Snapshot progress: the last partner id done (null: not started). */
  snapshotAfter: string | null;
  awaiting: { payoutId: string; approvalsRequired: number; approvedBy: string[] }[];
  clock: PayoutApprovalClock | null;
  /** Payouts accepted by a provider and not yet settled. */
  pendingCount: number;
  nextPollAt: string | null;
}

export interface PayoutRunInput {
  programId: string;
  periodEnd: string;
  /** Set by continue-as-new only. */
  carried?: PayoutRunCarried;
  /** Partners per snapshot batch; tests make it small. */
  batchSize?: number;
  /** Payouts sent at once (one activity each). */
  disburseWave?: number;
  /** History events before it continues as new (default 8,000); tests make it small. */
  historyLimit?: number;
}

/** A scheduled firing: the schedule's workflow finds the period that is due and starts its run. */
export interface PayoutScheduleTickInput {
  programId: string;
}

export const decidePayoutsUpdate = defineUpdate<PayoutDecisionOutcome & { runId: string }, [PayoutDecisionRequest]>('decidePayouts');

/** Finance paid a manual or bank-file payout outside the system and names the reference. */
export const markPayoutPaidRequestSchema = z
  .object({
    payoutId: z.string().min(1).max(64),
    reference: z.string().trim().min(1).max(200),
    operatorId: z.string().min(1).max(128),
  })
  .strict();
export type MarkPayoutPaidRequest = z.infer<typeof markPayoutPaidRequestSchema>;
export interface MarkPayoutPaidOutcome {
  payoutId: string;
  /** `not_pending`: the payout is not waiting at a provider (paid already, failed, or never sent). */
  outcome: 'paid' | 'not_pending';
  status: string;
}
export const markPayoutPaidUpdate = defineUpdate<MarkPayoutPaidOutcome, [MarkPayoutPaidRequest]>('markPayoutPaid');

export interface PayoutRunState {
  programId: string;
  periodEnd: string;
  phase: PayoutRunPhase;
  awaitingApproval: number;
  pendingAtProvider: number;
  clock: PayoutApprovalClock | null;
  disbursed: number;
}
export const payoutRunStateQuery = defineQuery<PayoutRunState>('payoutRunState');

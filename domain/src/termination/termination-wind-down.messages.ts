import { defineQuery } from '@temporalio/workflow';
import type { TerminationConfig } from './termination-config.schema';
import type { CommissionSettlement } from './termination-policy';
import type { TerminationCategory } from './termination-request.schema';

/**
 * The wind-down child workflow (`partner-<id>-termination`), started by the lifecycle once the
 * partner is TERMINATED: what it is given, what it pins, and what it answers ops.
 */

export interface PartnerTerminationInput {
  partnerId: string;
  programId: string;
  category: TerminationCategory;
  reason: string;
  /** API key id of the operator who terminated the partner. */
  requestedBy: string;
  effectiveAt: string;
}

/** The termination config version the wind-down runs, pinned when it starts. */
export interface LoadedTerminationConfig {
  versionId: string | null;
  version: number | null;
  source: 'program' | 'default';
  document: TerminationConfig;
  /** How it was chosen, in words for the history reader. */
  reason: string;
}

/** Sums of money, minor units as decimal text. */
export interface CurrencyTotal {
  currency: string;
  amountMinor: string;
}

export interface ForfeitureResult {
  /** Commissions moved to `rejected` by this wind-down (a retry reports the first attempt's). */
  forfeitedCount: number;
  /** What left the pending and approved accounts, per currency (positive). */
  totals: CurrencyTotal[];
}

export interface TerminationWindDownState {
  status: 'settling' | 'retaining_data' | 'finished';
  config: Omit<LoadedTerminationConfig, 'document'> & { dataRetentionDays: number; finalPayout: boolean };
  commissions: CommissionSettlement & { result: ForfeitureResult | null };
  /** Payouts do not exist yet: approved money waits for the payout runs, whatever `finalPayout` says. */
  finalPayout: string;
  finalStatement: { messageId: string; balanceSummary: string } | { failed: string } | null;
  anonymiseAt: string;
  anonymisedAt: string | null;
}

export const terminationWindDownQuery = defineQuery<TerminationWindDownState | null>('terminationWindDown');

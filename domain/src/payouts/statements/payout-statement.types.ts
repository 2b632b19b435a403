/**
 * A payout statement: what a payout paid, line by line, so the partner can reconcile it against
 * their own records. Built from plain rows (payout-statement.builder.ts), rendered as CSV and PDF.
 */

/** The rows a statement is built from, as the repository reads them. */
export interface StatementSource {
  payout: {
    id: string;
    runId: string;
    status: string;
    amountMinor: bigint;
    currency: string;
    method: string | null;
    provider: string | null;
    providerReference: string | null;
    providerStatus: string | null;
    statusReason: string | null;
    failureReason: string | null;
    createdAt: Date;
    paidAt: Date | null;
    returnedAt: Date | null;
  };
  program: { id: string; name: string };
  partner: { id: string; name: string; email: string };
  /** The run's period: from the day after the previous run's period end (null for the first run). */
  period: { start: string | null; end: string };
  /** The previous run's cutoff: entries booked before it were carried over from earlier periods. */
  carriedOverBefore: Date | null;
  items: StatementItemSource[];
}

export interface StatementItemSource {
  ledgerEntryId: string;
  /** What the payout pays for this entry (PayoutItem.amountMinor). */
  amountMinor: bigint;
  entry: {
    kind: string;
    currency: string;
    createdAt: Date;
    conversionId: string | null;
    payoutId: string | null;
    explanation: unknown;
  };
  commission: {
    id: string;
    conversionId: string;
    ruleId: string;
    kind: string;
    explanation: unknown;
  } | null;
  /** The commission's conversion (a commission line) or the refund/chargeback (a reversal line). */
  conversion: { id: string; type: string; occurredAt: Date; subIds: string[] } | null;
  /** For an earlier return: the payout that came back, and why. */
  returnedPayout: { id: string; failureReason: string | null; returnedAt: Date | null } | null;
}

export const STATEMENT_LINE_TYPES = ['commission', 'reversal', 'returned_payout', 'adjustment'] as const;
export type StatementLineType = (typeof STATEMENT_LINE_TYPES)[number];

export interface StatementLine {
  ledgerEntryId: string;
  type: StatementLineType;
  /** When the money was booked (the ledger entry). */
  bookedAt: Date;
  /** Booked before this run's period: carried over from an earlier period. */
  carriedOver: boolean;
  description: string;
  conversionId: string | null;
  conversionType: string | null;
  conversionOccurredAt: Date | null;
  /** For a reversal: the conversion whose commission it takes back. */
  originalConversionId: string | null;
  subIds: string[];
  commissionId: string | null;
  ruleId: string | null;
  commissionKind: string | null;
  /** The commission's explanation in one line: plan version, rule and its computation. */
  explanation: string;
  amountMinor: bigint;
  currency: string;
}

export interface StatementTotal {
  currency: string;
  carriedOverMinor: bigint;
  currentPeriodMinor: bigint;
  /** Fees the payout bears (negative); none are charged today, so 0. */
  feesMinor: bigint;
  /** Lines plus fees: what was paid in this currency. */
  totalMinor: bigint;
  lineCount: number;
}

export interface PayoutStatement {
  header: {
    program: { id: string; name: string };
    partner: { id: string; name: string; email: string };
    period: { start: string | null; end: string };
    payoutId: string;
    runId: string;
    status: string;
    method: string | null;
    provider: string | null;
    providerReference: string | null;
    providerStatus: string | null;
    paidAt: Date | null;
    returnedAt: Date | null;
    /** Why the money did not (or not yet) reach the partner, when it did not. */
    note: string | null;
    issuedAt: Date;
  };
  lines: StatementLine[];
  fees: { description: string; amountMinor: bigint; currency: string }[];
  totals: StatementTotal[];
  payoutAmount: { amountMinor: bigint; currency: string };
  /** The payout currency's total equals the payout's amount: the statement explains all of it. */
  reconciles: boolean;
}

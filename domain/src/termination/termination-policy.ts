import { formatAmount } from '../money/money';
import type { TerminationConfig } from './termination-config.schema';
import type { TerminationCategory } from './termination-request.schema';

/**
 * The wind-down's decisions, as pure functions of the termination config version it pinned and
 * the operator's request, so the workflow, its tests and a reader of the history agree on them.
 */

export type CommissionSettlement = { forfeit: true; why: string } | { forfeit: false; why: string };

/** Fraud forfeits unpaid commissions when the config says so; anything else keeps them in their hold. */
export function commissionSettlement(category: TerminationCategory, config: Pick<TerminationConfig, 'forfeitOnFraud'>): CommissionSettlement {
  if (category !== 'fraud') {
    return { forfeit: false, why: `a ${category} termination keeps commissions earned before it: they finish their hold and are paid` };
  }
  if (!config.forfeitOnFraud) {
    return { forfeit: false, why: 'terminated for fraud, but the termination config keeps commissions (forfeitOnFraud: false)' };
  }
  return { forfeit: true, why: 'terminated for fraud: pending and approved commissions are forfeited (forfeitOnFraud)' };
}

export const LEDGER_ACCOUNTS = ['pending', 'approved', 'paid'] as const;
export type LedgerAccountName = (typeof LEDGER_ACCOUNTS)[number];

/** One account's sum in one currency, from the ledger (minor units as decimal text: JSON has no bigint). */
export interface AccountBalance {
  account: LedgerAccountName;
  currency: string;
  amountMinor: string;
}

const ACCOUNT_WORDS: Record<LedgerAccountName, string> = {
  pending: 'pending (in their hold)',
  approved: 'approved (to be paid)',
  paid: 'paid out',
};

/** "approved (to be paid): 30.00 EUR; paid out: 100.00 EUR", accounts in ledger order; empty ones left out. */
export function balanceSummaryText(balances: AccountBalance[]): string {
  const lines = LEDGER_ACCOUNTS.flatMap((account) =>
    balances
      .filter((balance) => balance.account === account && BigInt(balance.amountMinor) !== 0n)
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map((balance) => `${ACCOUNT_WORDS[account]}: ${formatAmount(BigInt(balance.amountMinor), balance.currency)} ${balance.currency}`),
  );
  return lines.length > 0 ? lines.join('; ') : 'no commissions were earned';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the partner's personal data is erased: the retention period after the termination took effect. */
export const anonymiseAtMs = (effectiveAtMs: number, dataRetentionDays: number): number => effectiveAtMs + dataRetentionDays * DAY_MS;

/** What the final statement tells the partner about their unpaid commissions. */
export function settlementSentence(settlement: CommissionSettlement, forfeitedCount: number, reason: string): string {
  if (!settlement.forfeit) return 'Commissions earned before the end date finish their hold and are paid with the regular payouts.';
  if (forfeitedCount === 0) return 'You had no unpaid commissions to settle.';
  return `Your ${forfeitedCount} unpaid commission(s) were forfeited, as the partnership ended for fraud: ${reason}.`;
}

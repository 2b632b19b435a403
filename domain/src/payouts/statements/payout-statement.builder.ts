import type { PayoutStatement, StatementItemSource, StatementLine, StatementSource, StatementTotal } from './payout-statement.types';
import { commissionExplanationSummary, reversalExplanationSummary, reversedConversionId } from './statement-explanations';

/**
 * Builds the statement of one payout from plain rows (no I/O): a line for every ledger entry the
 * payout pays, the fees (none today: a 0 line per currency), and totals per currency that are
 * exactly the sum of the lines plus the fees.
 */
export function buildPayoutStatement(source: StatementSource, issuedAt: Date): PayoutStatement {
  const lines = source.items.map((item) => statementLine(item, source.carriedOverBefore)).sort(byCarryOverThenTime);
  const { payout } = source;
  const currencies = [...new Set([payout.currency, ...lines.map((line) => line.currency)])].sort((a, b) =>
    a === payout.currency ? -1 : b === payout.currency ? 1 : a.localeCompare(b),
  );
  const fees = currencies.map((currency) => ({ description: 'Fees', amountMinor: 0n, currency }));
  const totals = currencies.map((currency) => totalOf(currency, lines, fees));
  const inPayoutCurrency = totals.find((total) => total.currency === payout.currency);
  const reconciles =
    inPayoutCurrency?.totalMinor === payout.amountMinor && totals.every((total) => total.currency === payout.currency || total.totalMinor === 0n);
  return {
    header: {
      program: source.program,
      partner: source.partner,
      period: source.period,
      payoutId: payout.id,
      runId: payout.runId,
      status: payout.status,
      method: payout.method,
      provider: payout.provider,
      providerReference: payout.providerReference,
      providerStatus: payout.providerStatus,
      paidAt: payout.paidAt,
      returnedAt: payout.returnedAt,
      note: statusNote(payout),
      issuedAt,
    },
    lines,
    fees,
    totals,
    payoutAmount: { amountMinor: payout.amountMinor, currency: payout.currency },
    reconciles,
  };
}

function totalOf(currency: string, lines: StatementLine[], fees: PayoutStatement['fees']): StatementTotal {
  const mine = lines.filter((line) => line.currency === currency);
  const sum = (selected: StatementLine[]) => selected.reduce((total, line) => total + line.amountMinor, 0n);
  const carriedOverMinor = sum(mine.filter((line) => line.carriedOver));
  const currentPeriodMinor = sum(mine.filter((line) => !line.carriedOver));
  const feesMinor = fees.filter((fee) => fee.currency === currency).reduce((total, fee) => total + fee.amountMinor, 0n);
  return { currency, carriedOverMinor, currentPeriodMinor, feesMinor, totalMinor: carriedOverMinor + currentPeriodMinor + feesMinor, lineCount: mine.length };
}

function byCarryOverThenTime(a: StatementLine, b: StatementLine): number {
  if (a.carriedOver !== b.carriedOver) return a.carriedOver ? -1 : 1;
  return a.bookedAt.getTime() - b.bookedAt.getTime() || a.ledgerEntryId.localeCompare(b.ledgerEntryId);
}

function statementLine(item: StatementItemSource, carriedOverBefore: Date | null): StatementLine {
  const { entry, commission, conversion } = item;
  const base = {
    ledgerEntryId: item.ledgerEntryId,
    bookedAt: entry.createdAt,
    carriedOver: carriedOverBefore !== null && entry.createdAt.getTime() < carriedOverBefore.getTime(),
    conversionId: conversion?.id ?? entry.conversionId ?? commission?.conversionId ?? null,
    conversionType: conversion?.type ?? null,
    conversionOccurredAt: conversion?.occurredAt ?? null,
    originalConversionId: null,
    subIds: conversion?.subIds ?? [],
    commissionId: commission?.id ?? null,
    ruleId: commission?.ruleId ?? null,
    commissionKind: commission?.kind ?? null,
    amountMinor: item.amountMinor,
    currency: entry.currency,
  };
  const rule = commission ? ` (rule ${commission.ruleId})` : '';
  switch (entry.kind) {
    case 'commission_approved':
      return {
        ...base,
        type: 'commission',
        description: `Commission on ${conversion?.type ?? 'conversion'} ${base.conversionId ?? ''}`.trimEnd() + rule,
        explanation: commissionExplanationSummary(commission?.explanation),
      };
    case 'commission_reversed': {
      const originalConversionId = commission?.conversionId ?? reversedConversionId(entry.explanation);
      const what = conversion?.type ?? 'reversal';
      return {
        ...base,
        type: 'reversal',
        originalConversionId,
        description: `${capitalise(what)} ${base.conversionId ?? ''}${originalConversionId ? ` of ${originalConversionId}` : ''}`.trim() + rule,
        explanation: reversalExplanationSummary(entry.explanation),
      };
    }
    case 'payout_returned': {
      const returned = item.returnedPayout;
      const id = returned?.id ?? entry.payoutId ?? 'an earlier payout';
      return {
        ...base,
        type: 'returned_payout',
        description: `Returned payout ${id}, paid again`,
        explanation: returned?.failureReason ? `returned by the provider: ${returned.failureReason}` : 'returned by the provider',
      };
    }
    default:
      return { ...base, type: 'adjustment', description: `Adjustment (${entry.kind.replace(/_/g, ' ')})`, explanation: '' };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function statusNote(payout: StatementSource['payout']): string | null {
  switch (payout.status) {
    case 'paid':
      return null;
    case 'returned':
      return `Returned by the provider${payout.failureReason ? `: ${payout.failureReason}` : ''}. The amount is back on your balance and goes out with a later payout.`;
    case 'failed':
      return `The payment failed${payout.failureReason ? `: ${payout.failureReason}` : ''}. The amount stays on your balance.`;
    case 'awaiting_approval':
    case 'approved':
    case 'processing':
      return `Not paid yet (${payout.status.replace(/_/g, ' ')}).`;
    default:
      return `Not paid (${payout.status.replace(/_/g, ' ')})${payout.statusReason ? `: ${payout.statusReason}` : ''}. The amount stays on your balance.`;
  }
}

import type { Commission } from '@partnerflow/db';
import { moneyView } from '@partnerflow/domain';
import type { CommissionWithEntries } from './commissions.repository';

export function commissionView(commission: Commission) {
  return {
    id: commission.id,
    programId: commission.programId,
    partnerId: commission.partnerId,
    conversionId: commission.conversionId,
    ruleId: commission.ruleId,
    kind: commission.kind,
    amount: moneyView(commission.amountMinor, commission.currency),
    originalAmount: moneyView(commission.originalAmountMinor, commission.originalCurrency),
    fxRate: commission.fxRate,
    planVersion: commission.planVersion,
    status: commission.status,
    flagged: commission.flagged,
    holdUntil: commission.holdUntil.toISOString(),
    reversed: moneyView(commission.reversedMinor, commission.currency),
    createdAt: commission.createdAt.toISOString(),
    approvedAt: commission.approvedAt?.toISOString() ?? null,
  };
}

export function commissionDetailView(commission: CommissionWithEntries) {
  return {
    ...commissionView(commission),
    explanation: commission.explanation as Record<string, unknown>,
    entries: commission.entries.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      account: entry.account,
      amount: moneyView(entry.amountMinor, entry.currency),
      reversesEntryId: entry.reversesEntryId,
      conversionId: entry.conversionId,
      createdAt: entry.createdAt.toISOString(),
    })),
  };
}

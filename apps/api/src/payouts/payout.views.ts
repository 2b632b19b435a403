import type { z } from 'zod';
import type { PayoutRun, PayoutStatus } from '@partnerflow/db';
import { moneyView } from '@partnerflow/domain';
import type { PayoutWithDetails } from './payouts.repository';
import type { payoutRunSchema, payoutSchema } from './payouts.schemas';

const iso = (date: Date | null) => date?.toISOString() ?? null;

type Gates = NonNullable<z.infer<typeof payoutSchema>['gates']>;
type StoredGates = Partial<Gates> & { approval?: { reasons?: unknown } };

/** The gates as the run stored them, read defensively: the column holds what the activity wrote. */
function gatesOf(stored: unknown): { gates: Gates | null; reasons: string[] } {
  const value = (stored && typeof stored === 'object' ? stored : {}) as StoredGates;
  const reasons = Array.isArray(value.approval?.reasons) ? value.approval.reasons.map(String) : [];
  const { minimum, tax, payoutMethod, fraud } = value;
  return { gates: minimum && tax && payoutMethod && fraud ? { minimum, tax, payoutMethod, fraud } : null, reasons };
}

export function payoutView(payout: PayoutWithDetails): z.infer<typeof payoutSchema> {
  const { gates, reasons } = gatesOf(payout.gates);
  return {
    id: payout.id,
    runId: payout.runId,
    partner: payout.partner,
    amount: moneyView(payout.amountMinor, payout.currency),
    status: payout.status,
    statusReason: payout.statusReason,
    gates,
    approvals: {
      required: payout.approvalsRequired,
      reasons,
      given: payout.approvals.map((approval) => ({ approverId: approval.approverId, decision: approval.decision, reason: approval.reason, at: approval.createdAt.toISOString() })),
    },
    method: payout.method,
    provider: payout.provider,
    providerReference: payout.providerReference,
    providerStatus: payout.providerStatus,
    failureReason: payout.failureReason,
    createdAt: payout.createdAt.toISOString(),
    paidAt: iso(payout.paidAt),
    returnedAt: iso(payout.returnedAt),
  };
}

export function payoutRunView(
  run: PayoutRun,
  totals: { status: PayoutStatus; payouts: number; amountMinor: bigint }[],
  payouts: { items: PayoutWithDetails[]; nextCursor: string | null },
): z.infer<typeof payoutRunSchema> {
  return {
    id: run.id,
    programId: run.programId,
    periodEnd: run.periodEnd.toISOString().slice(0, 10),
    cutoffAt: run.cutoffAt.toISOString(),
    currency: run.currency,
    policyVersion: run.policyVersion,
    status: run.status,
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    createdAt: run.createdAt.toISOString(),
    completedAt: iso(run.completedAt),
    totals: totals.map((total) => ({ status: total.status, payouts: total.payouts, amount: moneyView(total.amountMinor, run.currency) })),
    payouts: { items: payouts.items.map(payoutView), nextCursor: payouts.nextCursor },
  };
}

import { Injectable } from '@nestjs/common';
import { formatAmount, nextScheduledRun, type GatedPayoutStatus, type GateResult, type PayoutPolicy } from '@partnerflow/domain';
import { PayoutsRepository } from '../payouts.repository';

/** Partners a preview lists at most (the totals count only these). */
const PREVIEW_LIMIT = 1_000;

export interface PayoutRunPreview {
  nextRun: { periodEnd: string; runAt: string; cutoffAt: string };
  balancesAsOf: string;
  currency: string;
  payouts: {
    partnerId: string;
    amount: string;
    status: GatedPayoutStatus;
    statusReason: string | null;
    approvalsRequired: number;
    approvalReasons: string[];
    method: string | null;
    provider: string | null;
    gates: Record<string, GateResult>;
  }[];
  totals: { status: string; count: number; amount: string }[];
  more: boolean;
  summary: string;
}

/**
 * What the program's next scheduled payout run would do with the approved balances as they are
 * now: its period and start, and per partner the amount, the gates (minimum, tax form, payout
 * method hold, fraud flags) and the approvals it would wait for. The same reads and gates as the
 * run's snapshot; nothing is written, no run or payout is created.
 */
@Injectable()
export class PreviewPayoutRunUseCase {
  constructor(private readonly payouts: PayoutsRepository) {}

  async execute(programId: string, policy: PayoutPolicy, partnerId?: string): Promise<PayoutRunPreview> {
    const now = Date.now();
    const next = nextScheduledRun(policy, now);
    // Balances up to the period's end, as far as they exist now (an entry created later joins at the run).
    const asOf = new Date(Math.min(next.cutoffAt, now));
    const { payouts, more } = await this.payouts.preview({ programId, currency: policy.currency, cutoffAt: asOf, policy, asOf: new Date(now), partnerId, limit: PREVIEW_LIMIT });
    const money = (minor: bigint) => formatAmount(minor, policy.currency);
    const totals = new Map<string, { count: number; minor: bigint }>();
    for (const payout of payouts) {
      const total = totals.get(payout.decision.status) ?? { count: 0, minor: 0n };
      totals.set(payout.decision.status, { count: total.count + 1, minor: total.minor + payout.amountMinor });
    }
    const runAt = new Date(next.runAt).toISOString();
    return {
      nextRun: { periodEnd: next.periodEnd, runAt, cutoffAt: new Date(next.cutoffAt).toISOString() },
      balancesAsOf: asOf.toISOString(),
      currency: policy.currency,
      payouts: payouts.map(({ partnerId: id, amountMinor, decision }) => ({
        partnerId: id,
        amount: money(amountMinor),
        status: decision.status,
        statusReason: decision.statusReason,
        approvalsRequired: decision.approvalsRequired,
        approvalReasons: decision.approvalReasons,
        method: decision.method,
        provider: decision.provider,
        gates: { ...decision.gates },
      })),
      totals: [...totals].map(([status, total]) => ({ status, count: total.count, amount: money(total.minor) })),
      more,
      summary: `the run of the period ending ${next.periodEnd} starts ${runAt}; with today's balances it would prepare ${payouts.length} payout(s)${more ? ` (the first ${PREVIEW_LIMIT} partners shown)` : ''}`,
    };
  }
}

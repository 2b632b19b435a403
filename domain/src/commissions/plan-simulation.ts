import type { ConversionType } from '../tracking/conversion-report.schema';
import { DomainError } from '../errors';
import { commissionPeriodOf } from './commission-period';
import type { CommissionPlan } from './commission-plan.schema';
import type { CommissionInput } from './commission.types';
import { computeCommissions } from './commission.engine';
import { convertMinor } from './fx-conversion';
import { effectiveFxRate, fxSnapshotOf, type StoredFxRate } from './fx-rate-table';
import { partnerShareOf, shareLines, type StoredShare } from './partner-share';

/** A past conversion as the plan simulation replays it. */
export interface SimulatedConversion {
  id: string;
  type: ConversionType;
  currency: string | null;
  lines: unknown;
  occurredAt: Date;
  customerId: string | null;
  shares: readonly StoredShare[];
}

export interface SimulatedTotals {
  /** Payout-currency minor units per partner under the simulated plan. */
  byPartner: Map<string, bigint>;
  lines: number;
  /** Conversions the plan could not price (e.g. a currency without an FX rate), with why. */
  unpriced: { conversionId: string; partnerId: string; message: string }[];
}

/**
 * What recording would know of a partner when it prices its share: its tier, and its IB masters
 * nearest first (`upline`), of which `notEarning` ones (paused, terminated, another program) get
 * no override — recording drops their lines, and so does the simulation.
 */
export interface SimulatedPartner {
  tier: string | null;
  upline: readonly string[];
  notEarning: ReadonlySet<string>;
}

interface PartnerPeriod {
  start: number;
  byType: CommissionInput['period']['byType'];
  commissionMinor: bigint;
}

/**
 * Replays conversions (oldest first) under a plan, as the hold workflow would have priced them
 * one by one: each partner's period figures (bands, milestones, caps) and each customer's
 * recurring count are accumulated in memory instead of read from the database — every credited
 * conversion counts toward the period, as it does when commissions are recorded. A conversion in
 * another currency is priced at the rate of `fxRates` effective at its time; each partner at its
 * tier and with its IB masters as `partners` gives them (as recording would today). Pure: the dry
 * run of a candidate plan changes nothing.
 */
export function simulatePlan(
  plan: CommissionPlan,
  planVersion: number,
  conversions: readonly SimulatedConversion[],
  fxRates: readonly StoredFxRate[] = [],
  partners: ReadonlyMap<string, SimulatedPartner> = new Map(),
): SimulatedTotals {
  const totals: SimulatedTotals = { byPartner: new Map(), lines: 0, unpriced: [] };
  const periods = new Map<string, PartnerPeriod>();
  const customers = new Map<string, { firstCommissionAt: Date; commissionCount: number }>();
  for (const conversion of conversions) {
    const { start } = commissionPeriodOf(conversion.occurredAt, plan.period);
    for (const partnerId of new Set(conversion.shares.map((share) => share.partnerId))) {
      const share = partnerShareOf(conversion.shares, partnerId)!;
      const period = periods.get(partnerId)?.start === start.getTime() ? periods.get(partnerId)! : { start: start.getTime(), byType: {}, commissionMinor: 0n };
      periods.set(partnerId, period);
      const customerKey = conversion.customerId ? `${partnerId}:${conversion.customerId}` : null;
      const customer = customerKey ? (customers.get(customerKey) ?? { firstCommissionAt: null, commissionCount: 0 }) : null;
      const rate = conversion.currency && conversion.currency !== plan.currency ? effectiveFxRate(fxRates, conversion.currency, plan.currency, conversion.occurredAt) : null;
      const known = partners.get(partnerId);
      let computed;
      try {
        computed = computeCommissions({
          plan,
          planVersion,
          conversion: {
            id: conversion.id,
            type: conversion.type,
            amountMinor: share.amountMinor,
            currency: conversion.currency,
            lines: shareLines(conversion, share.sharePpm),
            occurredAt: conversion.occurredAt,
            customer,
          },
          partner: { id: partnerId, tier: known?.tier ?? null, overrides: {} },
          period: { byType: period.byType, commissionMinor: period.commissionMinor },
          upline: known?.upline ?? [],
          ...(rate ? { fx: fxSnapshotOf(rate) } : {}),
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        totals.unpriced.push({ conversionId: conversion.id, partnerId, message: error.message });
        computed = null;
      }
      const seen = period.byType[conversion.type] ?? { count: 0, revenueMinor: 0n };
      const amount = share.amountMinor ?? 0n;
      const revenue = conversion.currency === plan.currency ? amount : rate && conversion.currency ? convertMinor(amount, conversion.currency, plan.currency, rate.rate) : 0n;
      period.byType[conversion.type] = { count: seen.count + 1, revenueMinor: seen.revenueMinor + revenue };
      if (!computed) continue;
      const own = computed.lines.filter((line) => line.partnerId === partnerId);
      const earned = own.reduce((sum, line) => sum + line.payoutAmountMinor, 0n);
      const paid = computed.lines.filter((line) => line.partnerId === partnerId || !known?.notEarning.has(line.partnerId));
      for (const line of paid) totals.byPartner.set(line.partnerId, (totals.byPartner.get(line.partnerId) ?? 0n) + line.payoutAmountMinor);
      totals.lines += paid.length;
      period.commissionMinor += earned;
      if (own.length === 0) continue;
      if (customerKey) customers.set(customerKey, { firstCommissionAt: customer?.firstCommissionAt ?? conversion.occurredAt, commissionCount: (customer?.commissionCount ?? 0) + 1 });
    }
  }
  return totals;
}

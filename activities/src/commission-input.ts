import type { Conversion, Prisma } from '@partnerflow/db';
import { commissionPeriodOf, shareLines, type CommissionInput, type ConversionType, type PartnerShare } from '@partnerflow/domain';
import type { CommissionConfigs } from './commission-configs';

type Db = Prisma.TransactionClient;

interface PeriodRow {
  type: ConversionType;
  count: number;
  revenueMinor: bigint;
}

/**
 * The partner's totals in the plan period before this conversion (by occurrence time, then id,
 * so a retry or a late-processed conversion sees the same figures): conversions that earned it a
 * commission, their share of revenue, and the commission earned net of reversals. Revenue in
 * another currency than the plan's is left out: there is no stored FX table to convert it yet.
 */
async function periodStats(db: Db, conversion: Conversion, partnerId: string, configs: CommissionConfigs): Promise<CommissionInput['period']> {
  const { start } = commissionPeriodOf(conversion.occurredAt, configs.plan.period);
  const currency = configs.plan.currency;
  const rows = await db.$queryRaw<PeriodRow[]>`
    SELECT v.type::text AS type, count(*)::int AS count,
           coalesce(sum(s.amount) FILTER (WHERE v.currency = ${currency}), 0)::bigint AS "revenueMinor"
    FROM conversions v
    CROSS JOIN LATERAL (SELECT sum(amount_minor) AS amount FROM conversion_shares WHERE conversion_id = v.id AND partner_id = ${partnerId}) s
    WHERE v.id IN (SELECT c.conversion_id FROM commissions c WHERE c.partner_id = ${partnerId} AND c.status <> 'rejected')
      AND v.occurred_at >= ${start} AND (v.occurred_at, v.id) < (${conversion.occurredAt}, ${conversion.id})
    GROUP BY v.type`;
  const [earned] = await db.$queryRaw<{ minor: bigint }[]>`
    SELECT coalesce(sum(c.amount_minor - c.reversed_minor), 0)::bigint AS minor
    FROM commissions c JOIN conversions v ON v.id = c.conversion_id
    WHERE c.partner_id = ${partnerId} AND c.status <> 'rejected' AND c.currency = ${currency}
      AND v.occurred_at >= ${start} AND (v.occurred_at, v.id) < (${conversion.occurredAt}, ${conversion.id})`;
  const byType: CommissionInput['period']['byType'] = {};
  for (const row of rows) byType[row.type] = { count: row.count, revenueMinor: row.revenueMinor };
  return { byType, commissionMinor: earned.minor };
}

/** For recurring limits: this customer's earlier conversions that earned this partner a commission. */
async function customerFacts(db: Db, conversion: Conversion, partnerId: string): Promise<CommissionInput['conversion']['customer']> {
  if (!conversion.customerId) return null;
  const [row] = await db.$queryRaw<{ first: Date | null; count: number }[]>`
    SELECT min(v.occurred_at) AS first, count(DISTINCT v.id)::int AS count
    FROM commissions c JOIN conversions v ON v.id = c.conversion_id
    WHERE c.partner_id = ${partnerId} AND c.status <> 'rejected' AND v.program_id = ${conversion.programId}
      AND v.customer_id = ${conversion.customerId} AND (v.occurred_at, v.id) < (${conversion.occurredAt}, ${conversion.id})`;
  return { firstCommissionAt: row.first, commissionCount: row.count };
}

/** Only volume bands, milestones and the per-period cap read the period; only recurring limits read the customer. */
const readsPeriod = (plan: CommissionConfigs['plan']) =>
  plan.caps.perPartnerPerPeriod !== undefined || plan.rules.some((rule) => rule.type === 'volume_bands' || rule.type === 'milestone_bonus');
const readsCustomer = (plan: CommissionConfigs['plan']) => plan.rules.some((rule) => rule.recurring.type !== 'lifetime');
const NO_PERIOD: CommissionInput['period'] = { byType: {}, commissionMinor: 0n };

/**
 * What the commission engine needs for one partner's share of a commissionable conversion. The
 * period and customer figures are queried only when the plan has a rule that reads them: each is
 * a scan of the partner's earlier commissions, which a plain percentage plan does not need.
 * Partners have no tier or per-partner overrides stored yet, and no IB upline: program defaults
 * apply and ib_override rules skip ("no_upline").
 */
export async function commissionInputFor(
  db: Db,
  conversion: Conversion,
  partnerId: string,
  share: PartnerShare,
  configs: CommissionConfigs,
): Promise<CommissionInput> {
  return {
    plan: configs.plan,
    planVersion: configs.planVersion ?? 0,
    conversion: {
      id: conversion.id,
      type: conversion.type,
      amountMinor: share.amountMinor,
      currency: conversion.currency,
      lines: shareLines(conversion, share.sharePpm),
      occurredAt: conversion.occurredAt,
      customer: readsCustomer(configs.plan) ? await customerFacts(db, conversion, partnerId) : null,
    },
    partner: { id: partnerId, tier: null, overrides: {} },
    period: readsPeriod(configs.plan) ? await periodStats(db, conversion, partnerId, configs) : NO_PERIOD,
    upline: [],
  };
}

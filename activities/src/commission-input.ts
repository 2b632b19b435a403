import { Prisma, type Conversion } from '@partnerflow/db';
import { commissionPeriodOf, convertMinor, shareLines, type CommissionInput, type ConversionType, type PartnerShare } from '@partnerflow/domain';
import type { CommissionConfigs } from './commission-configs';
import { ibUplineOf, type IbMaster } from './commission-ib-upline';
import { effectiveRateSql, fxSnapshotFor } from './fx-rates';

type Db = Prisma.TransactionClient;

interface PeriodRow {
  type: ConversionType;
  count: number;
  revenueMinor: bigint;
}

interface ForeignRevenueRow {
  type: ConversionType;
  currency: string;
  amountMinor: bigint;
  rate: string | null;
}

/**
 * The partner's conversions of the plan period before this one (by occurrence time, then id, so
 * a retry or a late-processed conversion sees the same figures): every conversion crediting the
 * partner counts — issue 5's "10th sale" is the partner's 10th sale, whether or not the earlier
 * ones earned a commission (a plan with only a milestone must reach it) — except one whose
 * commissions were all rejected in review (a fraud decision). Refunds and chargebacks are not
 * conversions of their own here; a refunded sale still counts, as it did when it was made.
 */
function periodConversions(conversion: Conversion, partnerId: string, start: Date): Prisma.Sql {
  return Prisma.sql`FROM conversion_shares s JOIN conversions v ON v.id = s.conversion_id
    WHERE s.partner_id = ${partnerId} AND v.program_id = ${conversion.programId} AND v.refers_to_id IS NULL
      AND v.occurred_at >= ${start} AND (v.occurred_at, v.id) < (${conversion.occurredAt}, ${conversion.id})
      AND NOT (EXISTS (SELECT 1 FROM commissions c WHERE c.conversion_id = v.id AND c.partner_id = ${partnerId} AND c.kind <> 'ib_override' AND c.status = 'rejected')
           AND NOT EXISTS (SELECT 1 FROM commissions c WHERE c.conversion_id = v.id AND c.partner_id = ${partnerId} AND c.kind <> 'ib_override' AND c.status <> 'rejected'))`;
}

/**
 * The period's totals: counts of every qualifying conversion, and their share of revenue in the
 * plan currency — a conversion in another currency converted on its own, half-even, at the rate
 * effective at its time (as the engine converts this one); without a rate it adds no revenue (it
 * is unpriced itself until one is added). The commission earned, net of reversals, feeds the cap.
 * Here, as in the customer's figures, a partner's own commissions count, not the IB overrides it
 * earned on its sub-IBs' conversions (the dry run counts alike): the cap limits what its own
 * conversions pay, and the engine prices overrides in the sub-IB's terms.
 */
async function periodStats(db: Db, conversion: Conversion, partnerId: string, configs: CommissionConfigs): Promise<CommissionInput['period']> {
  const { start } = commissionPeriodOf(conversion.occurredAt, configs.plan.period);
  const currency = configs.plan.currency;
  const scope = periodConversions(conversion, partnerId, start);
  const rows = await db.$queryRaw<PeriodRow[]>`
    SELECT v.type::text AS type, count(DISTINCT v.id)::int AS count,
           coalesce(sum(s.amount_minor) FILTER (WHERE v.currency = ${currency}), 0)::bigint AS "revenueMinor"
    ${scope} GROUP BY v.type`;
  const foreign = await db.$queryRaw<ForeignRevenueRow[]>`
    SELECT f.type, f.currency, f."amountMinor", r.rate FROM (
      SELECT v.id, v.type::text AS type, v.currency, v.occurred_at, sum(s.amount_minor)::bigint AS "amountMinor"
      ${scope} AND v.currency <> ${currency} AND s.amount_minor IS NOT NULL
      GROUP BY v.id) f
    LEFT JOIN LATERAL (${effectiveRateSql(conversion.programId, Prisma.sql`f.currency`, currency, Prisma.sql`f.occurred_at`)}) r ON true`;
  const [earned] = await db.$queryRaw<{ minor: bigint }[]>`
    SELECT coalesce(sum(c.amount_minor - c.reversed_minor), 0)::bigint AS minor
    FROM commissions c JOIN conversions v ON v.id = c.conversion_id
    WHERE c.partner_id = ${partnerId} AND c.kind <> 'ib_override' AND c.status <> 'rejected' AND c.currency = ${currency}
      AND v.occurred_at >= ${start} AND (v.occurred_at, v.id) < (${conversion.occurredAt}, ${conversion.id})`;
  const byType: CommissionInput['period']['byType'] = {};
  for (const row of rows) byType[row.type] = { count: row.count, revenueMinor: row.revenueMinor };
  for (const row of foreign) {
    const totals = byType[row.type];
    if (!totals || row.rate === null) continue;
    totals.revenueMinor += convertMinor(row.amountMinor, row.currency, currency, row.rate);
  }
  return { byType, commissionMinor: earned.minor };
}

/** For recurring limits: this customer's earlier conversions that earned this partner a commission. */
async function customerFacts(db: Db, conversion: Conversion, partnerId: string): Promise<CommissionInput['conversion']['customer']> {
  if (!conversion.customerId) return null;
  const [row] = await db.$queryRaw<{ first: Date | null; count: number }[]>`
    SELECT min(v.occurred_at) AS first, count(DISTINCT v.id)::int AS count
    FROM commissions c JOIN conversions v ON v.id = c.conversion_id
    WHERE c.partner_id = ${partnerId} AND c.kind <> 'ib_override' AND c.status <> 'rejected' AND v.program_id = ${conversion.programId}
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
 * a scan of the partner's earlier conversions or commissions, which a plain percentage plan does
 * not need. A conversion in another currency than the plan's comes with the FX rate effective at
 * its time (none: the engine refuses to price it, and says which rate to add). The partner's tier
 * is the one in force when the commission is recorded (the lifecycle workflow keeps it on the
 * partner). Partners have no per-partner overrides stored yet. The upline is the partner's chain
 * of masters as deep as the plan's ib_override rules pay (ibUplineOf), each with whether it may
 * earn: the engine prices a line for every master, and recording drops those of masters that may
 * not (commission-ib-overrides.ts).
 */
export async function commissionInputFor(
  db: Db,
  conversion: Conversion,
  partnerId: string,
  share: PartnerShare,
  configs: CommissionConfigs,
): Promise<{ input: CommissionInput; upline: IbMaster[] }> {
  const fx = await fxSnapshotFor(db, conversion, configs.plan.currency);
  const { tier } = await db.partner.findUniqueOrThrow({ where: { id: partnerId }, select: { tier: true } });
  const upline = await ibUplineOf(db, conversion, partnerId, configs.plan);
  const input: CommissionInput = {
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
    partner: { id: partnerId, tier, overrides: {} },
    period: readsPeriod(configs.plan) ? await periodStats(db, conversion, partnerId, configs) : NO_PERIOD,
    upline: upline.map((master) => master.partnerId),
    ...(fx ? { fx } : {}),
  };
  return { input, upline };
}

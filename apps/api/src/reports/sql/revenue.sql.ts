import { Prisma } from '@partnerflow/db';
import { groupKey, revenueEvents, type ReportScope } from './report-scope.sql';

export interface RevenueRow {
  grp: string | null;
  gross: bigint;
  reversals: bigint;
  conversions: number;
  reversalEvents: number;
  partners: number;
}

/** partner-revenue: gross, reversals and counts per group; the row with grp null is the whole range. */
export function partnerRevenueSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    SELECT grp,
      coalesce(sum(amount) FILTER (WHERE is_revenue), 0)::bigint AS gross,
      coalesce(sum(amount) FILTER (WHERE NOT is_revenue), 0)::bigint AS reversals,
      count(DISTINCT conversion_id) FILTER (WHERE is_revenue)::int AS conversions,
      count(DISTINCT conversion_id) FILTER (WHERE NOT is_revenue)::int AS "reversalEvents",
      count(DISTINCT partner_id)::int AS partners
    FROM (
      SELECT ${groupKey(scope.grouping, Prisma.sql`e.at`)} AS grp, e.*
      FROM (${revenueEvents(scope)}) e JOIN partners p ON p.id = e.partner_id
    ) x
    GROUP BY GROUPING SETS ((grp), ())`;
}

export interface ConcentrationPeriodRow {
  grp: string | null;
  partners: number;
  total: bigint;
  top10: bigint;
}

/** Each partner's net revenue per period (and over the range: grp null), ranked; what the top 10 hold. */
export function concentrationByPeriodSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    WITH per_partner AS (
      SELECT grp, partner_id, sum(amount) AS net
      FROM (SELECT ${groupKey(scope.grouping, Prisma.sql`e.at`)} AS grp, e.partner_id, e.amount FROM (${revenueEvents(scope)}) e) x
      GROUP BY GROUPING SETS ((grp, partner_id), (partner_id))
    ), ranked AS (
      SELECT grp, net, row_number() OVER (PARTITION BY grp ORDER BY net DESC, partner_id) AS rank FROM per_partner
    )
    SELECT grp, count(*)::int AS partners, sum(net)::bigint AS total, coalesce(sum(net) FILTER (WHERE rank <= 10), 0)::bigint AS top10
    FROM ranked GROUP BY grp`;
}

export interface PartnerRankRow {
  partnerId: string;
  net: bigint;
  rank: number;
}

/** Every partner with revenue events in the range, by net revenue (ties by id). */
export function partnerRankingSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    SELECT partner_id AS "partnerId", sum(amount)::bigint AS net,
      (row_number() OVER (ORDER BY sum(amount) DESC, partner_id))::int AS rank
    FROM (${revenueEvents(scope)}) e
    GROUP BY partner_id
    ORDER BY rank`;
}

export interface OtherCurrencyRow {
  currency: string;
  conversions: number;
  amount: bigint;
}

/** Credited conversions with amounts in other currencies than the program's: reports leave them out and say so. */
export function otherCurrenciesSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    SELECT v.currency::text AS currency, count(*)::int AS conversions, sum(v.amount_minor)::bigint AS amount
    FROM conversions v
    WHERE v.program_id = ${scope.programId} AND v.currency <> ${scope.currency} AND v.amount_minor IS NOT NULL
      AND v.occurred_at >= ${scope.from} AND v.occurred_at < ${scope.to}
      AND EXISTS (SELECT 1 FROM conversion_shares s WHERE s.conversion_id = v.id)
    GROUP BY v.currency ORDER BY v.currency`;
}

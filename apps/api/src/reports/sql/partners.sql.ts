import { Prisma } from '@partnerflow/db';
import { approvals, groupKey, referrals, type ReportScope } from './report-scope.sql';

/** The 30-day activity window; in SQL `interval '720 hours'`, since '30 days' would follow the session time zone's DST. */
const WINDOW_MS = 30 * 86_400_000;

export interface ActivePartnersRow {
  grp: string | null;
  active: number;
  approved: number;
}

/**
 * active-partners by period: for each period end E, partners with a referral in [E − 30 days, E),
 * and partners approved before E. Without a scan per period: a referral at `at` makes its partner
 * active in the periods whose end lies in (at, at + 30 days] — a span of period numbers found by
 * width_bucket over the sorted ends; each partner's overlapping spans are merged, and the active
 * count per period is the running sum of +1 where a merged span starts and −1 after it ends.
 * Approved partners likewise: +1 from the first period ending after the approval.
 */
export function activePartnersByPeriodSql(scope: ReportScope, periods: { key: string; end: Date }[]): Prisma.Sql {
  const keys = periods.map((period) => period.key);
  const ends = periods.map((period) => period.end.toISOString());
  return Prisma.sql`
    WITH bounds AS (SELECT ${ends}::timestamptz[] AS ends),
    spans AS (
      SELECT DISTINCT r.partner_id, width_bucket(r.at, b.ends) + 1 AS first, width_bucket(r.at + interval '720 hours', b.ends) AS last
      FROM (${referrals(scope, new Date(scope.from.getTime() - WINDOW_MS))}) r CROSS JOIN bounds b
    ),
    starts AS (
      SELECT partner_id, first, last,
        CASE WHEN first <= max(last) OVER (PARTITION BY partner_id ORDER BY first, last ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1 THEN 0 ELSE 1 END AS starts
      FROM spans WHERE first <= last
    ),
    islands AS (SELECT partner_id, first, last, sum(starts) OVER (PARTITION BY partner_id ORDER BY first, last) AS island FROM starts),
    merged AS (SELECT min(first) AS first, max(last) AS last FROM islands GROUP BY partner_id, island),
    active_steps AS (
      SELECT k, sum(delta) AS delta FROM (SELECT first AS k, 1 AS delta FROM merged UNION ALL SELECT last + 1, -1 FROM merged) d GROUP BY k
    ),
    approved_steps AS (
      SELECT width_bucket(a.approved_at, b.ends) + 1 AS k, count(*) AS delta FROM (${approvals(scope)}) a CROSS JOIN bounds b GROUP BY 1
    )
    SELECT e.grp,
      (sum(coalesce(s.delta, 0)) OVER (ORDER BY e.k))::int AS active,
      (sum(coalesce(ap.delta, 0)) OVER (ORDER BY e.k))::int AS approved
    FROM unnest(${keys}::text[]) WITH ORDINALITY AS e(grp, k)
    LEFT JOIN active_steps s ON s.k = e.k LEFT JOIN approved_steps ap ON ap.k = e.k`;
}

/** active-partners by partner type or country: the 30 days before `to`; grp null is every partner. */
export function activePartnersByDimensionSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    WITH refs AS (${referrals(scope, new Date(scope.to.getTime() - WINDOW_MS))}),
    approved AS (${approvals(scope)})
    SELECT grp, sum(active)::int AS active, sum(approved)::int AS approved
    FROM (
      SELECT ${groupKey(scope.grouping, Prisma.sql`NULL`)} AS grp,
        (EXISTS (SELECT 1 FROM refs r WHERE r.partner_id = p.id))::int AS active,
        (a.approved_at IS NOT NULL AND a.approved_at < ${scope.to})::int AS approved
      FROM partners p LEFT JOIN approved a ON a.partner_id = p.id
      WHERE p.program_id = ${scope.programId}
    ) x
    WHERE active = 1 OR approved = 1
    GROUP BY GROUPING SETS ((grp), ())`;
}

export interface ApprovalCohortRow {
  grp: string | null;
  approved: number;
  referred: number;
  activated: number;
  stillInWindow: number;
  /** Days, rounded to 2 decimals, as text (exact numeric); null without referrals. */
  medianDays: string | null;
  meanDays: string | null;
}

/**
 * Partners approved in [from, to), grouped by their approval period (or type, country): how many
 * made a referral since approval (before `to`), how many within 30 days of approval, how many are
 * still inside those 30 days without one as of `asOf`, and the median and mean days to the first.
 */
export function approvalCohortSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    WITH approved AS (${approvals(scope)}),
    firsts AS (
      SELECT r.partner_id, min(r.at) AS first_at
      FROM (${referrals(scope)}) r JOIN approved a ON a.partner_id = r.partner_id
      WHERE r.at >= a.approved_at
      GROUP BY r.partner_id
    )
    SELECT grp,
      count(*)::int AS approved,
      count(first_at)::int AS referred,
      count(*) FILTER (WHERE first_at <= approved_at + interval '720 hours')::int AS activated,
      count(*) FILTER (WHERE first_at IS NULL AND approved_at + interval '720 hours' > ${scope.asOf})::int AS "stillInWindow",
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms::float8))::numeric / 86400000, 2)::text AS "medianDays",
      round(avg(ms) / 86400000, 2)::text AS "meanDays"
    FROM (
      SELECT ${groupKey(scope.grouping, Prisma.sql`a.approved_at`)} AS grp, a.approved_at, f.first_at,
        extract(epoch FROM f.first_at - a.approved_at) * 1000 AS ms
      FROM approved a JOIN partners p ON p.id = a.partner_id LEFT JOIN firsts f ON f.partner_id = a.partner_id
      WHERE a.approved_at >= ${scope.from} AND a.approved_at < ${scope.to}
    ) x
    GROUP BY GROUPING SETS ((grp), ())`;
}

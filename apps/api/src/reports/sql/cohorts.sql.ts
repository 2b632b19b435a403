import { Prisma } from '@partnerflow/db';
import { approvals, customerKey, referrals, revenueEvents, REVENUE_TYPES, type ReportScope } from './report-scope.sql';

/** Partners approved in [from, to), with their cohort: the UTC month of approval. */
const cohortMembers = (scope: ReportScope) => Prisma.sql`
  SELECT a.partner_id, a.approved_at, to_char(a.approved_at AT TIME ZONE 'UTC', 'YYYY-MM') AS cohort
  FROM (${approvals(scope)}) a
  WHERE a.approved_at >= ${scope.from} AND a.approved_at < ${scope.to}`;

export interface CohortPartnersRow {
  /** null: every cohort together. */
  cohort: string | null;
  partners: number;
  producing: number;
  medianDays: string | null;
  meanDays: string | null;
  reachedProducing: number;
  reachedConsistent: number;
  reachedAtRisk: number;
  reachedPaused: number;
  reachedTerminated: number;
}

/** Per cohort (and all together: cohort null): its partners, how many referred (and how fast), and which lifecycle stages they reached before `to`. */
export function cohortPartnersSql(scope: ReportScope): Prisma.Sql {
  const reached = (stage: string) => Prisma.raw(`count(*) FILTER (WHERE '${stage}' = ANY(st.stages))::int`);
  return Prisma.sql`
    WITH members AS (${cohortMembers(scope)}),
    firsts AS (
      SELECT r.partner_id, min(r.at) AS first_at FROM (${referrals(scope)}) r JOIN members m ON m.partner_id = r.partner_id
      WHERE r.at >= m.approved_at GROUP BY r.partner_id
    ),
    stages AS (
      SELECT a.target_id AS partner_id, array_agg(DISTINCT a.after->>'stage') AS stages
      FROM audit_log a JOIN members m ON m.partner_id = a.target_id
      WHERE a.target_type = 'partner' AND a.action = 'partner.stage_changed' AND a.at < ${scope.to}
      GROUP BY a.target_id
    )
    SELECT m.cohort, count(*)::int AS partners, count(f.first_at)::int AS producing,
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY (extract(epoch FROM f.first_at - m.approved_at) * 1000)::float8))::numeric / 86400000, 2)::text AS "medianDays",
      round(avg(extract(epoch FROM f.first_at - m.approved_at) * 1000) / 86400000, 2)::text AS "meanDays",
      ${reached('PRODUCING')} AS "reachedProducing", ${reached('CONSISTENT')} AS "reachedConsistent",
      ${reached('AT_RISK')} AS "reachedAtRisk", ${reached('PAUSED')} AS "reachedPaused", ${reached('TERMINATED')} AS "reachedTerminated"
    FROM members m LEFT JOIN firsts f ON f.partner_id = m.partner_id LEFT JOIN stages st ON st.partner_id = m.partner_id
    GROUP BY GROUPING SETS ((m.cohort), ())`;
}

export interface CohortActivityRow {
  /** null (with month null): every cohort together. */
  cohort: string | null;
  /** YYYY-MM, or null for the cohort's whole observed span. */
  month: string | null;
  referrals: number;
  clicks: number;
  customers: number;
  revenue: bigint;
}

/**
 * What each cohort's partners did per calendar month since approval (and over the whole span:
 * month null), up to `to`: referrals (a split conversion once per partner), creditable clicks,
 * distinct customers won through their clicks, and net partner-sourced revenue.
 */
export function cohortActivitySql(scope: ReportScope): Prisma.Sql {
  const month = (at: string) => Prisma.raw(`to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM')`);
  return Prisma.sql`
    WITH members AS (${cohortMembers(scope)}),
    streams AS (
      SELECT m.cohort, ${month('r.at')} AS month, 'referral' AS kind, r.partner_id || ':' || r.conversion_id AS item, 0::bigint AS amount
      FROM (${referrals(scope)}) r JOIN members m ON m.partner_id = r.partner_id WHERE r.at >= m.approved_at
      UNION ALL
      SELECT m.cohort, ${month('v.occurred_at')}, 'customer', ${customerKey('v')}, 0
      FROM conversions v
      JOIN conversion_shares s ON s.conversion_id = v.id AND s.touch_kind = 'click'
      JOIN members m ON m.partner_id = s.partner_id
      WHERE v.program_id = ${scope.programId} AND v.attribution_outcome = 'attributed' AND v.type IN ${REVENUE_TYPES}
        AND v.occurred_at >= m.approved_at AND v.occurred_at < ${scope.to}
      UNION ALL
      -- Clicks and revenue need no distinct count: summed per cohort and month first, they add up.
      SELECT m.cohort, ${month('c.at')}, 'click', NULL, count(*)
      FROM clicks c JOIN members m ON m.partner_id = c.partner_id
      WHERE c.program_id = ${scope.programId} AND c.creditable AND c.at >= m.approved_at AND c.at < ${scope.to}
      GROUP BY 1, 2
      UNION ALL
      SELECT m.cohort, ${month('e.at')}, 'revenue', NULL, sum(e.amount)
      FROM (${revenueEvents(scope)}) e JOIN members m ON m.partner_id = e.partner_id WHERE e.at >= m.approved_at
      GROUP BY 1, 2
    )
    -- A referral row is one (partner, conversion): in any group it is counted once without DISTINCT.
    SELECT cohort, month,
      count(*) FILTER (WHERE kind = 'referral')::int AS referrals,
      coalesce(sum(amount) FILTER (WHERE kind = 'click'), 0)::int AS clicks,
      count(DISTINCT item) FILTER (WHERE kind = 'customer')::int AS customers,
      coalesce(sum(amount) FILTER (WHERE kind = 'revenue'), 0)::bigint AS revenue
    FROM streams
    GROUP BY GROUPING SETS ((cohort, month), (cohort), ())`;
}

import { Prisma } from '@partnerflow/db';
import { groupKey, REVENUE_TYPES, type ReportScope } from './report-scope.sql';

export interface TouchComparisonRow {
  grp: string | null;
  conversions: number;
  disputed: number;
  firstConversions: number;
  firstRevenue: bigint;
  lastConversions: number;
  lastRevenue: bigint;
  modelConversions: number;
  modelRevenue: bigint;
}

/**
 * First touch against last touch over model-attributed revenue conversions: the stored attribution
 * lists every candidate touch in time order with whether the model counted it (creditable, in the
 * window, kept by coupon precedence); the first and the last counted are what first-click and
 * last-click would have credited with the whole amount. Next to them, the shares the model gave.
 */
export function touchComparisonSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    WITH conv AS (
      SELECT v.id, v.occurred_at, v.amount_minor,
        jsonb_path_query_array(v.attribution, '$.candidates[*] ? (@.counted == true).partnerId') AS counted
      FROM conversions v
      WHERE v.program_id = ${scope.programId} AND v.attribution_outcome = 'attributed' AND v.type IN ${REVENUE_TYPES}
        AND v.currency = ${scope.currency} AND v.amount_minor IS NOT NULL
        AND v.occurred_at >= ${scope.from} AND v.occurred_at < ${scope.to}
    ), ends AS (
      SELECT id, counted->>0 AS first_partner, counted->>-1 AS last_partner FROM conv WHERE jsonb_array_length(counted) > 0
    ), streams AS (
      SELECT c.id, c.occurred_at AS at, e.first_partner AS partner_id, 'first' AS role, c.amount_minor AS amount, e.first_partner <> e.last_partner AS disputed
      FROM conv c JOIN ends e ON e.id = c.id
      UNION ALL
      SELECT c.id, c.occurred_at, e.last_partner, 'last', c.amount_minor, e.first_partner <> e.last_partner
      FROM conv c JOIN ends e ON e.id = c.id
      UNION ALL
      SELECT c.id, c.occurred_at, s.partner_id, 'model', s.amount_minor, coalesce(e.first_partner <> e.last_partner, false)
      FROM conv c JOIN conversion_shares s ON s.conversion_id = c.id LEFT JOIN ends e ON e.id = c.id
    )
    -- A conversion has one first and one last row, so those count without DISTINCT.
    SELECT grp,
      count(DISTINCT id)::int AS conversions,
      count(DISTINCT id) FILTER (WHERE disputed)::int AS disputed,
      count(*) FILTER (WHERE role = 'first')::int AS "firstConversions",
      coalesce(sum(amount) FILTER (WHERE role = 'first'), 0)::bigint AS "firstRevenue",
      count(*) FILTER (WHERE role = 'last')::int AS "lastConversions",
      coalesce(sum(amount) FILTER (WHERE role = 'last'), 0)::bigint AS "lastRevenue",
      count(DISTINCT id) FILTER (WHERE role = 'model')::int AS "modelConversions",
      coalesce(sum(amount) FILTER (WHERE role = 'model'), 0)::bigint AS "modelRevenue"
    FROM (
      SELECT ${groupKey(scope.grouping, Prisma.sql`st.at`)} AS grp, st.*
      FROM streams st JOIN partners p ON p.id = st.partner_id
    ) x
    GROUP BY GROUPING SETS ((grp), ())`;
}

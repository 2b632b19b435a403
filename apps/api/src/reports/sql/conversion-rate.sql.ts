import { Prisma } from '@partnerflow/db';
import { customerKey, groupKey, REVENUE_TYPES, type ReportScope } from './report-scope.sql';

export interface ClickCountRow {
  grp: string | null;
  clicks: number;
}

/** Creditable clicks (bots and clicks of partners not in a crediting stage are not) per group; grp null: the range. */
export function creditableClicksSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    SELECT grp, count(*)::int AS clicks
    FROM (
      SELECT ${groupKey(scope.grouping, Prisma.sql`c.at`)} AS grp
      FROM clicks c JOIN partners p ON p.id = c.partner_id
      WHERE c.program_id = ${scope.programId} AND c.creditable AND c.at >= ${scope.from} AND c.at < ${scope.to}
    ) x
    GROUP BY GROUPING SETS ((grp), ())`;
}

export interface ClickCustomerRow {
  grp: string | null;
  conversions: number;
  customers: number;
}

/** Revenue conversions the model credited to a click, and their distinct customers, per group (any currency: a count). */
export function clickCustomersSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    SELECT grp, count(DISTINCT conversion_id)::int AS conversions, count(DISTINCT customer)::int AS customers
    FROM (
      SELECT ${groupKey(scope.grouping, Prisma.sql`v.occurred_at`)} AS grp, v.id AS conversion_id, ${customerKey('v')} AS customer
      FROM conversions v
      JOIN conversion_shares s ON s.conversion_id = v.id AND s.touch_kind = 'click'
      JOIN partners p ON p.id = s.partner_id
      WHERE v.program_id = ${scope.programId} AND v.attribution_outcome = 'attributed' AND v.type IN ${REVENUE_TYPES}
        AND v.occurred_at >= ${scope.from} AND v.occurred_at < ${scope.to}
    ) x
    GROUP BY GROUPING SETS ((grp), ())`;
}

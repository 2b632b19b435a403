import { Prisma } from '@partnerflow/db';
import { customerKey, groupKey, REVENUE_TYPES, REVERSAL_TYPES, type ReportScope } from './report-scope.sql';

export interface OrderFiguresRow {
  grp: string | null;
  orders: number;
  customers: number;
  gross: bigint;
  refunded: bigint;
  commissions: bigint;
}

/**
 * Credited revenue conversions ("orders") in the range and the program currency, seen as of now:
 * each partner's share of them, the refunds and chargebacks that reversed them since, and the
 * commissions earned — the sum of each commission's ledger entries, which is its amount less
 * reversals (0 once rejected). With `commissionsOn: 'all-conversions'` the commissions of every
 * conversion in the range count (signup bounties too), not only those of the orders.
 */
export function orderFiguresSql(scope: ReportScope, commissionsOn: 'orders' | 'all-conversions'): Prisma.Sql {
  const commissionConversions =
    commissionsOn === 'orders'
      ? Prisma.sql`SELECT id, occurred_at FROM orders`
      : Prisma.sql`SELECT v.id, v.occurred_at FROM conversions v
          WHERE v.program_id = ${scope.programId} AND v.occurred_at >= ${scope.from} AND v.occurred_at < ${scope.to}`;
  return Prisma.sql`
    WITH orders AS (
      SELECT v.id, v.occurred_at, v.customer_id FROM conversions v
      WHERE v.program_id = ${scope.programId} AND v.currency = ${scope.currency} AND v.amount_minor IS NOT NULL
        AND v.type IN ${REVENUE_TYPES} AND v.occurred_at >= ${scope.from} AND v.occurred_at < ${scope.to}
    ), streams AS (
      SELECT o.id AS order_id, o.occurred_at AS at, s.partner_id, s.amount_minor AS gross, 0::bigint AS refunded,
        0::bigint AS commission, ${customerKey('o')} AS customer
      FROM orders o JOIN conversion_shares s ON s.conversion_id = o.id
      WHERE s.amount_minor IS NOT NULL
      UNION ALL
      SELECT o.id, o.occurred_at, rs.partner_id, 0, rs.amount_minor, 0, NULL
      FROM orders o
      JOIN conversions r ON r.refers_to_id = o.id AND r.type IN ${REVERSAL_TYPES}
      JOIN conversion_shares rs ON rs.conversion_id = r.id
      WHERE rs.amount_minor IS NOT NULL
      UNION ALL
      SELECT k.id, k.occurred_at, c.partner_id, 0, 0, e.amount, NULL
      FROM (${commissionConversions}) k
      JOIN commissions c ON c.conversion_id = k.id AND c.currency = ${scope.currency}
      JOIN LATERAL (
        SELECT sum(amount_minor)::bigint AS amount FROM ledger_entries WHERE commission_id = c.id AND kind::text LIKE 'commission%'
      ) e ON e.amount IS NOT NULL
    )
    SELECT grp,
      count(DISTINCT order_id) FILTER (WHERE customer IS NOT NULL)::int AS orders,
      count(DISTINCT customer)::int AS customers,
      coalesce(sum(gross), 0)::bigint AS gross,
      coalesce(sum(refunded), 0)::bigint AS refunded,
      coalesce(sum(commission), 0)::bigint AS commissions
    FROM (
      SELECT ${groupKey(scope.grouping, Prisma.sql`st.at`)} AS grp, st.*
      FROM streams st JOIN partners p ON p.id = st.partner_id
    ) x
    GROUP BY GROUPING SETS ((grp), ())`;
}

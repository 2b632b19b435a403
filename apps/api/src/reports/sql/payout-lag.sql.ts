import { Prisma } from '@partnerflow/db';
import { groupKey, type ReportScope } from './report-scope.sql';

export interface PayoutLagRow {
  grp: string | null;
  commissions: number;
  paid: bigint;
  /** Days rounded to 2 decimals, as exact numeric text. */
  medianDays: string | null;
  meanDays: string | null;
  maxDays: string | null;
}

/**
 * Commissions paid in [from, to): the payout that paid a commission is the one marked paid whose
 * items include the commission's approval entry (the approved-account commission_approved entry);
 * the lag runs from the conversion to that payout's paidAt. Returned payouts are not paid.
 */
export function payoutLagSql(scope: ReportScope): Prisma.Sql {
  return Prisma.sql`
    SELECT grp,
      count(*)::int AS commissions,
      coalesce(sum(amount) FILTER (WHERE currency = ${scope.currency}), 0)::bigint AS paid,
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms::float8))::numeric / 86400000, 2)::text AS "medianDays",
      round(avg(ms) / 86400000, 2)::text AS "meanDays",
      round(max(ms) / 86400000, 2)::text AS "maxDays"
    FROM (
      SELECT ${groupKey(scope.grouping, Prisma.sql`py.paid_at`)} AS grp, pi.amount_minor AS amount, py.currency::text AS currency,
        extract(epoch FROM py.paid_at - v.occurred_at) * 1000 AS ms
      FROM commissions c
      JOIN ledger_entries e ON e.commission_id = c.id AND e.kind = 'commission_approved' AND e.account = 'approved'
      JOIN payout_items pi ON pi.ledger_entry_id = e.id
      JOIN payouts py ON py.id = pi.payout_id AND py.status = 'paid' AND py.paid_at IS NOT NULL
      JOIN conversions v ON v.id = c.conversion_id
      JOIN partners p ON p.id = c.partner_id
      WHERE c.program_id = ${scope.programId} AND py.paid_at >= ${scope.from} AND py.paid_at < ${scope.to}
    ) x
    GROUP BY GROUPING SETS ((grp), ())`;
}

import type { PrismaClient } from '@partnerflow/db';
import type { LatestActivity, PeriodPerformance } from '@partnerflow/domain';

/**
 * The reads the engagement watch makes about one partner: its latest creditable click and
 * credited conversion (a share of it), and a period's numbers. Each is one statement on an
 * indexed column (clicks (partner_id, at), conversion_shares (partner_id)); the lifecycle calls
 * them at its timers, never per click.
 */

type Db = Pick<PrismaClient, '$queryRaw'>;

export async function latestActivity(db: Db, partnerId: string): Promise<LatestActivity | null> {
  const [click] = await db.$queryRaw<{ id: string; at: Date }[]>`
    SELECT id, at FROM clicks WHERE partner_id = ${partnerId} AND creditable ORDER BY at DESC LIMIT 1`;
  const [conversion] = await db.$queryRaw<{ id: string; at: Date }[]>`
    SELECT v.id, v.occurred_at AS at
    FROM conversion_shares s JOIN conversions v ON v.id = s.conversion_id
    WHERE s.partner_id = ${partnerId} AND v.type NOT IN ('refund', 'chargeback')
    ORDER BY v.occurred_at DESC LIMIT 1`;
  const latest = !click ? conversion : !conversion ? click : conversion.at > click.at ? conversion : click;
  if (!latest) return null;
  return { at: latest.at.toISOString(), kind: latest === click ? 'click' : 'conversion', sourceId: latest.id, seenBy: 'database' };
}

/**
 * Conversions credited to the partner with `occurred_at` in [from, to), how many carried fraud
 * flags, and the partner's share of their amounts in `currency` (refunds and chargebacks net it;
 * amounts in other currencies are left out: there is no FX table to convert them).
 */
export async function periodPerformance(
  db: Db,
  request: { partnerId: string; period: string; from: string; to: string; currency: string | null },
): Promise<PeriodPerformance> {
  const [row] = await db.$queryRaw<{ conversions: number; flagged: number; revenue: bigint }[]>`
    SELECT count(*) FILTER (WHERE v.type NOT IN ('refund', 'chargeback'))::int AS conversions,
           count(*) FILTER (WHERE v.type NOT IN ('refund', 'chargeback') AND v.flagged)::int AS flagged,
           coalesce(sum(s.amount_minor) FILTER (WHERE v.currency = ${request.currency}), 0)::bigint AS revenue
    FROM conversion_shares s JOIN conversions v ON v.id = s.conversion_id
    WHERE s.partner_id = ${request.partnerId} AND v.occurred_at >= ${new Date(request.from)} AND v.occurred_at < ${new Date(request.to)}`;
  return {
    period: request.period,
    from: request.from,
    to: request.to,
    conversions: row.conversions,
    flaggedConversions: row.flagged,
    referredRevenueMinor: row.revenue.toString(),
    currency: request.currency,
  };
}

export async function creditableClicks(db: Db, partnerId: string, from: Date, to: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM clicks WHERE partner_id = ${partnerId} AND creditable AND at >= ${from} AND at < ${to}`;
  return row.count;
}

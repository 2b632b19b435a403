import { Prisma } from '@partnerflow/db';
import { parseAmount, type BroadcastSegment, type PerformanceBand } from '@partnerflow/domain';

const DAY_MS = 86_400_000;

/** A partner's figure over the band's days, as a correlated subquery on `p` (the partner). */
function bandFigure(band: PerformanceBand, since: Date): Prisma.Sql {
  if (band.metric === 'conversions') {
    return Prisma.sql`(SELECT count(DISTINCT s.conversion_id) FROM conversion_shares s JOIN conversions c ON c.id = s.conversion_id
      WHERE s.partner_id = p.id AND c.refers_to_id IS NULL AND c.occurred_at >= ${since})`;
  }
  return Prisma.sql`(SELECT coalesce(sum(m.amount_minor - m.reversed_minor), 0) FROM commissions m
    WHERE m.partner_id = p.id AND m.currency = ${band.currency} AND m.status <> 'rejected' AND m.created_at >= ${since})`;
}

function bandBounds(band: PerformanceBand): { min: bigint | null; max: bigint | null } {
  const bound = (value: string | number | undefined) =>
    value === undefined ? null : band.metric === 'commission' ? parseAmount(value, band.currency) : BigInt(value);
  return { min: bound(band.min), max: bound(band.max) };
}

/**
 * The segment as a WHERE clause over `partners p` of one program: every condition given must hold.
 * Performance bands read conversions and commissions as of `now`.
 */
export function segmentWhere(programId: string, segment: BroadcastSegment, now: Date): Prisma.Sql {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`p.program_id = ${programId}`,
    Prisma.sql`p.stage::text = ANY(${segment.stages}::text[])`,
  ];
  if (segment.partnerIds) conditions.push(Prisma.sql`p.id = ANY(${segment.partnerIds}::text[])`);
  if (segment.types) conditions.push(Prisma.sql`p.type::text = ANY(${segment.types}::text[])`);
  if (segment.countries) conditions.push(Prisma.sql`p.country::text = ANY(${segment.countries}::text[])`);
  for (const band of segment.performance ?? []) {
    const figure = bandFigure(band, new Date(now.getTime() - band.days * DAY_MS));
    const { min, max } = bandBounds(band);
    if (min !== null) conditions.push(Prisma.sql`${figure} >= ${min.toString()}::numeric`);
    if (max !== null) conditions.push(Prisma.sql`${figure} <= ${max.toString()}::numeric`);
  }
  return Prisma.join(conditions, ' AND ');
}

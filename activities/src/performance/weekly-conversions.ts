import type { PrismaClient } from '@partnerflow/db';
import { PERFORMANCE_REVIEWED_STAGES, type PartnerWeekFigures, type ReviewWeeks } from '@partnerflow/domain';

type Db = Pick<PrismaClient, '$queryRaw'>;

/**
 * Each working partner's credited conversions in the previous and in the reviewed week, in one
 * statement over the program's conversions of both weeks (index conversions (program_id,
 * occurred_at)). A conversion counts once per partner however many of its touches they own;
 * refunds and chargebacks are not conversions the partner brought. Partners with no conversion
 * in either week are left out: they have nothing that could drop.
 */
export async function weeklyConversionFigures(db: Db, programId: string, weeks: Pick<ReviewWeeks, 'previousFrom' | 'currentFrom' | 'currentTo'>): Promise<PartnerWeekFigures[]> {
  const previousFrom = new Date(weeks.previousFrom);
  const currentFrom = new Date(weeks.currentFrom);
  const currentTo = new Date(weeks.currentTo);
  return db.$queryRaw<PartnerWeekFigures[]>`
    SELECT p.id AS "partnerId",
           count(DISTINCT v.id) FILTER (WHERE v.occurred_at < ${currentFrom})::int AS previous,
           count(DISTINCT v.id) FILTER (WHERE v.occurred_at >= ${currentFrom})::int AS current
    FROM conversions v
    JOIN conversion_shares s ON s.conversion_id = v.id
    JOIN partners p ON p.id = s.partner_id AND p.program_id = v.program_id
    WHERE v.program_id = ${programId}
      AND v.occurred_at >= ${previousFrom} AND v.occurred_at < ${currentTo}
      AND v.type NOT IN ('refund', 'chargeback')
      AND p.stage::text = ANY(${[...PERFORMANCE_REVIEWED_STAGES]}::text[])
    GROUP BY p.id
    ORDER BY p.id`;
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, moneyView } from '@partnerflow/domain';
import { MeRepository, type PeriodMoney, type StatsPeriod } from '../me.repository';

const DAY_MS = 86_400_000;
/** Bounds the work one request can ask for (about 3 years of days). */
const MAX_RANGE_DAYS = 1100;

interface Bucket {
  clicks: number;
  conversions: number;
  revenue: Map<string, bigint>;
  commissions: Map<string, bigint>;
}

const emptyBucket = (): Bucket => ({ clicks: 0, conversions: 0, revenue: new Map(), commissions: new Map() });
const add = (sums: Map<string, bigint>, currency: string, minor: bigint) => sums.set(currency, (sums.get(currency) ?? 0n) + minor);
const moneyList = (sums: Map<string, bigint>) => [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => moneyView(minor, currency));
const view = (bucket: Bucket) => ({
  clicks: bucket.clicks,
  conversions: bucket.conversions,
  revenue: moneyList(bucket.revenue),
  commissions: moneyList(bucket.commissions),
});

/** The partner's clicks, conversions, revenue and commissions per day, week or month (UTC). */
@Injectable()
export class GetMyStatsUseCase {
  constructor(private readonly me: MeRepository) {}

  async execute(partnerId: string, query: { from?: string; to?: string; period: StatsPeriod }) {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', [{ path: 'from', message: 'must be before to' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', [{ path: 'from', message: `the range may span at most ${MAX_RANGE_DAYS} days` }]);
    }
    const [clicks, conversions, commissions] = await Promise.all([
      this.me.clicksByPeriod(partnerId, query.period, from, to),
      this.me.conversionsByPeriod(partnerId, query.period, from, to),
      this.me.commissionsByPeriod(partnerId, query.period, from, to),
    ]);
    const totals = emptyBucket();
    const buckets = new Map<number, Bucket>();
    const bucketOf = (period: Date) => buckets.get(period.getTime()) ?? buckets.set(period.getTime(), emptyBucket()).get(period.getTime())!;
    for (const row of clicks) {
      bucketOf(row.period).clicks += Number(row.count);
      totals.clicks += Number(row.count);
    }
    const addMoney = (rows: PeriodMoney[], field: 'revenue' | 'commissions', counts: 'conversions' | null) => {
      for (const row of rows) {
        const bucket = bucketOf(row.period);
        if (counts) {
          bucket[counts] += Number(row.count);
          totals[counts] += Number(row.count);
        }
        if (row.currency === '') continue;
        add(bucket[field], row.currency, row.amountMinor);
        add(totals[field], row.currency, row.amountMinor);
      }
    };
    addMoney(conversions, 'revenue', 'conversions');
    addMoney(commissions, 'commissions', null);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      period: query.period,
      totals: view(totals),
      periods: [...buckets.entries()].sort(([a], [b]) => a - b).map(([start, bucket]) => ({ start: new Date(start).toISOString(), ...view(bucket) })),
    };
  }
}

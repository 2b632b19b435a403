import { alignedBucketStart, countTimeBuckets, timeBuckets } from './report-buckets';

const at = (iso: string) => new Date(iso);
const keys = (from: string, to: string, grouping: 'day' | 'week' | 'month') => timeBuckets(at(from), at(to), grouping).map((bucket) => bucket.key);

describe('report time buckets', () => {
  it('aligns to UTC days, Monday weeks (as date_trunc) and calendar months', () => {
    expect(alignedBucketStart(at('2026-05-13T23:59:59.999Z'), 'day').toISOString()).toBe('2026-05-13T00:00:00.000Z');
    expect(alignedBucketStart(at('2026-05-17T12:00:00Z'), 'week').toISOString()).toBe('2026-05-11T00:00:00.000Z'); // a Sunday
    expect(alignedBucketStart(at('2026-05-11T00:00:00Z'), 'week').toISOString()).toBe('2026-05-11T00:00:00.000Z'); // a Monday
    expect(alignedBucketStart(at('2026-05-31T22:00:00Z'), 'month').toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it('covers [from, to) with every period, clipping the first and the last', () => {
    const buckets = timeBuckets(at('2026-01-15T00:00:00Z'), at('2026-03-10T00:00:00Z'), 'month');
    expect(buckets.map((bucket) => [bucket.key, bucket.start.toISOString(), bucket.end.toISOString()])).toEqual([
      ['2026-01', '2026-01-15T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-02', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['2026-03', '2026-03-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z'],
    ]);
    expect(keys('2026-05-13', '2026-05-16', 'day')).toEqual(['2026-05-13', '2026-05-14', '2026-05-15']);
    expect(keys('2026-05-13', '2026-05-26', 'week')).toEqual(['2026-05-11', '2026-05-18', '2026-05-25']);
    expect(keys('2025-12-01', '2026-02-01', 'month')).toEqual(['2025-12', '2026-01']);
  });

  it('counts buckets exactly as it builds them', () => {
    for (const [from, to] of [['2026-01-15', '2026-03-10'], ['2025-12-31T23:00:00Z', '2026-01-01T01:00:00Z'], ['2024-02-29', '2026-11-23']]) {
      for (const grouping of ['day', 'week', 'month'] as const) {
        expect(countTimeBuckets(at(from), at(to), grouping)).toBe(timeBuckets(at(from), at(to), grouping).length);
      }
    }
  });
});

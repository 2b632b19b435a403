import type { TimeGrouping } from './report-catalogue';

const DAY_MS = 86_400_000;

/** One period of a time-grouped report: `start` inclusive, `end` exclusive, clipped to the range. */
export interface TimeBucket {
  /** `2026-05-11` for a day or the Monday of a week, `2026-05` for a month. */
  key: string;
  start: Date;
  end: Date;
}

/** The UTC start of the day, week (Monday, as PostgreSQL's date_trunc) or month holding `at`. */
export function alignedBucketStart(at: Date, grouping: TimeGrouping): Date {
  const day = new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
  if (grouping === 'day') return day;
  if (grouping === 'week') return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
}

function nextBucketStart(start: Date, grouping: TimeGrouping): Date {
  if (grouping === 'day') return new Date(start.getTime() + DAY_MS);
  if (grouping === 'week') return new Date(start.getTime() + 7 * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** The key of the bucket an aligned start date (`YYYY-MM-DD`, as the SQL returns it) opens. */
export function bucketKeyOf(alignedStartDate: string, grouping: TimeGrouping): string {
  return grouping === 'month' ? alignedStartDate.slice(0, 7) : alignedStartDate.slice(0, 10);
}

/** How many buckets `timeBuckets` would return, without building them (for validation). */
export function countTimeBuckets(from: Date, to: Date, grouping: TimeGrouping): number {
  const first = alignedBucketStart(from, grouping);
  if (grouping === 'month') {
    const last = alignedBucketStart(new Date(to.getTime() - 1), grouping);
    return (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
  }
  const width = grouping === 'day' ? DAY_MS : 7 * DAY_MS;
  return Math.ceil((to.getTime() - first.getTime()) / width);
}

/** Every bucket of [from, to) in order, the first and last clipped to the range. */
export function timeBuckets(from: Date, to: Date, grouping: TimeGrouping): TimeBucket[] {
  const buckets: TimeBucket[] = [];
  for (let start = alignedBucketStart(from, grouping); start.getTime() < to.getTime(); start = nextBucketStart(start, grouping)) {
    const end = nextBucketStart(start, grouping);
    buckets.push({
      key: bucketKeyOf(start.toISOString(), grouping),
      start: start.getTime() < from.getTime() ? from : start,
      end: end.getTime() > to.getTime() ? to : end,
    });
  }
  return buckets;
}

import { z } from 'zod';
import { DomainError, ErrorCode, type ErrorDetail } from '../errors';
import { REPORT_GROUPINGS, REPORT_SPECS, isTimeGrouping, type ReportGrouping, type ReportName } from './report-catalogue';
import { countTimeBuckets } from './report-buckets';

const DAY_MS = 86_400_000;
/** Longest range a report covers, and most rows a time grouping may produce. */
export const MAX_REPORT_RANGE_DAYS = 3_660;
export const MAX_TIME_BUCKETS = 1_000;
/** Without `from`, a report covers the year before `to`. */
export const DEFAULT_REPORT_RANGE_DAYS = 365;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-05-01` (UTC midnight) or an ISO date-time with a zone; null when it is neither or not a real day. */
export function parseReportDate(text: string): Date | null {
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const date = new Date(`${text}T00:00:00.000Z`);
    // Date rolls 2026-02-30 over to March: a real day reads back the same.
    return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
  }
  if (!z.iso.datetime({ offset: true }).safeParse(text).success) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

const reportDateSchema = (what: string) =>
  z
    .string()
    .trim()
    .refine((text) => parseReportDate(text) !== null, 'must be an ISO date (2026-05-01, midnight UTC) or date-time with a zone (2026-05-01T12:00:00Z)')
    .describe(what);

export const reportQuerySchema = z.object({
  from: reportDateSchema('start of the range, inclusive (default: one year before `to`)').optional(),
  to: reportDateSchema('end of the range, exclusive: `to=2026-06-01` covers all of May (default: the start of tomorrow, UTC)').optional(),
  groupBy: z
    .enum(REPORT_GROUPINGS)
    .optional()
    .describe('day, week (from Monday), month (calendar months, UTC), partner, partner_type or country; each report lists the ones it supports'),
  table: z.enum(['rows', 'trend']).optional().describe('CSV only: which table to export; `trend` exists for cohorts (cohort × month)'),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export interface ResolvedReportQuery {
  from: Date;
  to: Date;
  grouping: ReportGrouping;
  table: 'rows' | 'trend';
}

const startOfNextUtcDay = (now: Date) => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);

/**
 * The range and grouping a report runs with: defaults filled in, and every problem reported per
 * field (VALIDATION_FAILED) — a grouping the report does not support, an empty or too long range,
 * too many time buckets.
 */
export function resolveReportQuery(name: ReportName, query: ReportQuery, now: Date): ResolvedReportQuery {
  const spec = REPORT_SPECS[name];
  const to = query.to ? parseReportDate(query.to)! : startOfNextUtcDay(now);
  const from = query.from ? parseReportDate(query.from)! : new Date(to.getTime() - DEFAULT_REPORT_RANGE_DAYS * DAY_MS);
  const grouping = query.groupBy ?? spec.defaultGrouping;
  const table = query.table ?? 'rows';
  const problems: ErrorDetail[] = [];
  if (!spec.groupings.includes(grouping)) {
    problems.push({ path: 'groupBy', message: `${name} can be grouped by ${spec.groupings.join(', ')}` });
  }
  if (from.getTime() >= to.getTime()) {
    problems.push({ path: 'to', message: 'must be after `from` (the range is `from` inclusive to `to` exclusive)' });
  } else if (to.getTime() - from.getTime() > MAX_REPORT_RANGE_DAYS * DAY_MS) {
    problems.push({ path: 'from', message: `the range may span at most ${MAX_REPORT_RANGE_DAYS} days` });
  } else if (isTimeGrouping(grouping) && countTimeBuckets(from, to, grouping) > MAX_TIME_BUCKETS) {
    problems.push({ path: 'groupBy', message: `${grouping} would make more than ${MAX_TIME_BUCKETS} rows over this range: choose a coarser grouping or a shorter range` });
  }
  if (table === 'trend' && name !== 'cohorts') {
    problems.push({ path: 'table', message: 'only cohorts has a trend table' });
  }
  if (problems.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, `the ${name} report query is invalid`, problems);
  return { from, to, grouping, table };
}

import type { TierPeriod } from './tier-policy.schema';

/**
 * Calendar periods in UTC, so a period is the same everywhere and a workflow computes the same
 * boundaries on every replay (workflow time is deterministic).
 */

const MONTHS: Record<TierPeriod, number> = { month: 1, quarter: 3 };

export interface CalendarPeriod {
  /** `2026-03`, or `2026-Q1` for a quarter. */
  key: string;
  startMs: number;
  endMs: number;
}

/** The period of `length` containing `atMs`: [start, end). */
export function calendarPeriodOf(atMs: number, period: TierPeriod): CalendarPeriod {
  const at = new Date(atMs);
  const length = MONTHS[period];
  const month = Math.floor(at.getUTCMonth() / length) * length;
  const startMs = Date.UTC(at.getUTCFullYear(), month, 1);
  const endMs = Date.UTC(at.getUTCFullYear(), month + length, 1);
  const year = at.getUTCFullYear();
  const key = period === 'month' ? `${year}-${String(month + 1).padStart(2, '0')}` : `${year}-Q${month / 3 + 1}`;
  return { key, startMs, endMs };
}

/** The first instant of the calendar month after the one containing `atMs`. */
export const nextMonthStart = (atMs: number): number => calendarPeriodOf(atMs, 'month').endMs;

/** The period that ends exactly at `boundaryMs` (a month start), or null: quarters end only every third month. */
export function periodEndingAt(boundaryMs: number, period: TierPeriod): CalendarPeriod | null {
  const ended = calendarPeriodOf(boundaryMs - 1, period);
  return ended.endMs === boundaryMs ? ended : null;
}

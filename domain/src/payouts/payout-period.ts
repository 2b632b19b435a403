import type { PayoutPolicy, PayoutSchedule, Weekday } from './payout-policy.schema';
import { WEEKDAYS } from './payout-policy.schema';
import { addDays, endOfPreviousMonth, isDate, isLastDayOfMonth, localDate, weekdayIndex, zonedInstant } from './zoned-time';

/**
 * Payout periods in the program's time zone. A period is named by its last day (`periodEnd`,
 * YYYY-MM-DD); it ends at the following local midnight (`cutoffAt`, the last millisecond
 * before it), and its run is due on the schedule's day at the schedule's hour.
 */

const SUNDAY = 6;

/** The weekday (0 = Monday) a period of this schedule ends on, or null for calendar months. */
function periodEndWeekday(schedule: PayoutSchedule): number | null {
  if (schedule.type === 'weekly') return (WEEKDAYS.indexOf(schedule.weekday) + 6) % 7;
  if (schedule.type === 'net_days' && schedule.period === 'week') return SUNDAY;
  return null;
}

/** The last natural period end on or before `date`. */
export function periodEndOnOrBefore(schedule: PayoutSchedule, date: string): string {
  const endWeekday = periodEndWeekday(schedule);
  if (endWeekday === null) return isLastDayOfMonth(date) ? date : endOfPreviousMonth(date);
  return addDays(date, -((weekdayIndex(date) - endWeekday + 7) % 7));
}

function previousPeriodEnd(schedule: PayoutSchedule, periodEnd: string): string {
  return periodEndWeekday(schedule) === null ? endOfPreviousMonth(periodEnd) : addDays(periodEnd, -7);
}

/** The local date the run of the period ending `periodEnd` is due. */
export function runDateOf(schedule: PayoutSchedule, periodEnd: string): string {
  switch (schedule.type) {
    case 'monthly':
      return addDays(periodEnd, schedule.dayOfMonth);
    case 'weekly':
      return addDays(periodEnd, 1);
    case 'net_days':
      return addDays(periodEnd, schedule.days);
  }
}

/** The last millisecond of `periodEnd` in the zone: entries created up to it are in the period. */
export function cutoffOf(periodEnd: string, timeZone: string): number {
  return zonedInstant(addDays(periodEnd, 1), 0, timeZone) - 1;
}

/**
 * The period whose run is the latest one due at `now`: what a schedule firing at `now` pays.
 * (A run that fired late, or a catch-up after an outage, still finds its own period.)
 */
export function latestDuePeriodEnd(policy: PayoutPolicy, now: number): string {
  const { schedule, timeZone } = policy;
  let periodEnd = periodEndOnOrBefore(schedule, localDate(now, timeZone));
  // Runs are due at most 120 days after their period: a bounded walk back.
  for (let step = 0; step < 40; step += 1) {
    if (zonedInstant(runDateOf(schedule, periodEnd), schedule.hour, timeZone) <= now) return periodEnd;
    periodEnd = previousPeriodEnd(schedule, periodEnd);
  }
  return periodEnd;
}

/** The period end after `periodEnd` (the next calendar month's last day, or a week later). */
function nextPeriodEnd(schedule: PayoutSchedule, periodEnd: string): string {
  if (periodEndWeekday(schedule) !== null) return addDays(periodEnd, 7);
  const afterNextMonthStart = addDays(addDays(periodEnd, 1), 32); // a day in the month after next
  return endOfPreviousMonth(afterNextMonthStart);
}

export interface ScheduledRun {
  periodEnd: string;
  /** When the schedule starts it (the run date at the schedule's hour, in the zone). */
  runAt: number;
  cutoffAt: number;
}

/** The first run the schedule starts after `now`: the period it pays, when, and its cutoff. */
export function nextScheduledRun(policy: PayoutPolicy, now: number): ScheduledRun {
  const { schedule, timeZone } = policy;
  let periodEnd = latestDuePeriodEnd(policy, now);
  // Due runs lie at or before now; the next one is at most a few periods later (net-N: up to 120 days).
  for (let step = 0; step < 40; step += 1) {
    periodEnd = nextPeriodEnd(schedule, periodEnd);
    const runAt = zonedInstant(runDateOf(schedule, periodEnd), schedule.hour, timeZone);
    if (runAt > now) return { periodEnd, runAt, cutoffAt: cutoffOf(periodEnd, timeZone) };
  }
  throw new Error(`no payout run of the schedule within 40 periods after ${new Date(now).toISOString()}`);
}

export type ManualRunPeriod = { ok: true; periodEnd: string; cutoffAt: number } | { ok: false; problem: string };

/**
 * The period a "run now" pays: the one given (any past day, or today — its cutoff is then now),
 * or by default the last whole period that has ended, whether or not its scheduled run is due.
 */
export function manualRunPeriod(policy: PayoutPolicy, now: number, requested?: string): ManualRunPeriod {
  const today = localDate(now, policy.timeZone);
  if (requested !== undefined) {
    if (!isDate(requested)) return { ok: false, problem: 'must be a date such as 2026-10-31' };
    if (requested > today) return { ok: false, problem: `must not be after today (${today} in ${policy.timeZone})` };
  }
  const periodEnd = requested ?? periodEndOnOrBefore(policy.schedule, addDays(today, -1));
  return { ok: true, periodEnd, cutoffAt: Math.min(cutoffOf(periodEnd, policy.timeZone), now) };
}

/** A Temporal Schedule's calendar, as plain data (the api maps it to the SDK's spec). */
export interface PayoutCalendar {
  timeZone: string;
  hour: number;
  dayOfMonth?: number;
  dayOfWeek?: Weekday;
}

/**
 * When the schedule fires. Monthly and weekly runs fire on their day; net-N runs fire daily, as
 * their due day moves with the length of each month, and each firing starts the period whose run
 * is due (a period whose run exists already is not started twice).
 */
export function payoutCalendar(policy: PayoutPolicy): PayoutCalendar {
  const { schedule, timeZone } = policy;
  if (schedule.type === 'monthly') return { timeZone, hour: schedule.hour, dayOfMonth: schedule.dayOfMonth };
  if (schedule.type === 'weekly') return { timeZone, hour: schedule.hour, dayOfWeek: schedule.weekday };
  return { timeZone, hour: schedule.hour };
}

/** `payout-<programId>-<periodEnd>`: the run's workflow id and its payout_runs row id. */
export const payoutRunWorkflowId = (programId: string, periodEnd: string): string => `payout-${programId}-${periodEnd}`;
/** The program's Temporal Schedule. */
export const payoutScheduleId = (programId: string): string => `payout-schedule-${programId}`;
/** A returned payment's bookkeeping and notices. */
export const payoutReturnWorkflowId = (payoutId: string): string => `payout-return-${payoutId}`;

import { addDays, localDate, weekdayIndex, zonedInstant } from '../payouts/zoned-time';

/**
 * The two weeks the weekly performance review compares: the last completed week and the one
 * before it, in the program's time zone. A week runs Monday 00:00 to the next Monday 00:00 local
 * time; `weekStart`/`weekEnd` are its first and last calendar dates (Monday, Sunday), like a
 * payout period's end date. Instants are ISO strings (they cross Temporal).
 */
export interface ReviewWeeks {
  weekStart: string;
  weekEnd: string;
  previousWeekStart: string;
  previousWeekEnd: string;
  /** [previousFrom, currentFrom) is the previous week, [currentFrom, currentTo) the reviewed one. */
  previousFrom: string;
  currentFrom: string;
  currentTo: string;
}

/** The last week that had ended by `asOf` (epoch ms) in `timeZone`, and the week before it. */
export function lastCompletedWeeks(asOf: number, timeZone: string): ReviewWeeks {
  const today = localDate(asOf, timeZone);
  const monday = addDays(today, -weekdayIndex(today));
  const weekStart = addDays(monday, -7);
  const previousWeekStart = addDays(monday, -14);
  const at = (date: string) => new Date(zonedInstant(date, 0, timeZone)).toISOString();
  return {
    weekStart,
    weekEnd: addDays(monday, -1),
    previousWeekStart,
    previousWeekEnd: addDays(weekStart, -1),
    previousFrom: at(previousWeekStart),
    currentFrom: at(weekStart),
    currentTo: at(monday),
  };
}

/**
 * When the weekly schedule fires (UTC): Monday 14:00 UTC is after Monday 00:00 in every zone
 * (UTC-12 reaches it at 12:00 UTC), so each program's last week has ended, with two hours for
 * conversions reported late.
 */
export const PERFORMANCE_REVIEW_FIRES_AT = { dayOfWeek: 'MONDAY', hour: 14, timeZone: 'UTC' } as const;

/**
 * The Temporal Schedule that starts performanceReviewWorkflow every week, one per deployment
 * (task queue) like the domain event catch-up: deployments sharing a namespace each review their own.
 */
export const performanceReviewScheduleId = (taskQueue: string): string => `performance-review-weekly-${taskQueue}`;

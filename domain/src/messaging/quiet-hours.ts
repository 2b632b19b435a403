import { z } from 'zod';

/**
 * A rule's quiet hours: notifications falling inside `start`–`end` (local time in `timeZone`; the
 * window may cross midnight) are held until it ends — delayed, never dropped.
 */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like "22:00"');

export const quietHoursSchema = z
  .object({
    start: clock,
    end: clock,
    timeZone: z
      .string()
      .min(1)
      .refine(isTimeZone, 'must be an IANA time zone such as "Europe/London" or "UTC"')
      .default('UTC'),
  })
  .strict()
  .refine((hours) => hours.start !== hours.end, { message: 'must differ from start', path: ['end'] });
export type QuietHours = z.infer<typeof quietHoursSchema>;

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/**
 * When a notification due at `at` may go out: `at` itself outside quiet hours, else the end of
 * the window (to the minute; on a night the clocks change, up to an hour off).
 */
export function notBeforeQuietHours(hours: QuietHours | null | undefined, at: Date): Date {
  if (!hours) return at;
  const now = localMinutes(at, hours.timeZone);
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const quiet = start < end ? now >= start && now < end : now >= start || now < end;
  if (!quiet) return at;
  const minutesLeft = (end - now + 24 * 60) % (24 * 60);
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  return new Date(startOfMinute + minutesLeft * 60_000);
}

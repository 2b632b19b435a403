import { SHARE_SCALE } from './attribution.types';

/** Wording shared by the reasons and the summary, so every number reads the same way everywhere. */

export const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

/** "39.46%", "50%", "12.5%": two decimals at most, since a ppm is a ten-thousandth of a percent. */
export function formatPercent(sharePpm: number): string {
  return `${trimZeros((sharePpm / (SHARE_SCALE / 100)).toFixed(2))}%`;
}

/** "3.2 days", "34 days", "5.5 hours", "12 minutes": one decimal is enough to tell touches apart. */
export function formatDuration(ms: number): string {
  if (ms >= MS_PER_DAY) return plural(trimZeros((ms / MS_PER_DAY).toFixed(1)), 'day');
  if (ms >= MS_PER_HOUR) return plural(trimZeros((ms / MS_PER_HOUR).toFixed(1)), 'hour');
  if (ms >= MS_PER_MINUTE) return plural(String(Math.round(ms / MS_PER_MINUTE)), 'minute');
  return 'less than a minute';
}

/** "3.2 days before the conversion", or "at the conversion" for a coupon or a click in the same millisecond. */
export function formatAgeBeforeConversion(ageMs: number): string {
  return ageMs === 0 ? 'at the conversion' : `${formatDuration(ageMs)} before the conversion`;
}

/**
 * Days for the window reason. A touch one millisecond past a 30-day window must not read as
 * "30 days", which would look like it was inside.
 */
export function formatDaysOutsideWindow(ageMs: number, windowDays: number): string {
  const days = trimZeros((ageMs / MS_PER_DAY).toFixed(1));
  return Number(days) > windowDays ? plural(days, 'day') : `just over ${plural(String(windowDays), 'day')}`;
}

/** Model weights: two decimals, or two significant digits when that would print 0.00. */
export function formatWeight(weight: number): string {
  if (weight === 0 || weight >= 0.01) return trimZeros(weight.toFixed(2));
  return weight.toPrecision(2);
}

/** "1 day", "3 days", "2 touches". */
export function plural(count: string | number, noun: string): string {
  if (Number(count) === 1) return `${count} ${noun}`;
  return `${count} ${noun}${/(?:s|x|ch|sh)$/.test(noun) ? 'es' : 's'}`;
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

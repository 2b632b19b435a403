import { formatDaysOutsideWindow, formatDuration, MS_PER_DAY } from './attribution-text';
import type { Touch } from './attribution.types';

/** Why a touch cannot earn anything, whatever the model: the summary counts touches by this. */
export type ExclusionKind = 'not_creditable' | 'invalid_time' | 'after_conversion' | 'outside_window';

export interface ScreenedTouch {
  touch: Touch;
  /** Milliseconds from the touch to the conversion (negative when after it; NaN when the time is invalid). */
  ageMs: number;
  exclusion?: { kind: ExclusionKind; reason: string };
}

/**
 * Time order, ties by touch id (code-unit order, never locale order, so every machine agrees).
 * That order decides "first" and "last" between touches of the same millisecond. Touches without
 * a valid time sort last.
 */
export function inTimeOrder(touches: readonly Touch[]): Touch[] {
  const time = (touch: Touch) => {
    const ms = touch.at.getTime();
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  return [...touches].sort((a, b) => time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A touch counts when it is creditable, not after the conversion, and at most windowDays before it.
 * The boundary is inclusive: a click exactly windowDays × 24 h before the conversion still counts,
 * one millisecond earlier does not — the same instant the click's cookie expires.
 */
export function screenTouch(touch: Touch, conversionMs: number, windowDays: number): ScreenedTouch {
  const ageMs = conversionMs - touch.at.getTime();
  if (!touch.creditable) {
    return { touch, ageMs, exclusion: { kind: 'not_creditable', reason: touch.nonCreditableReason?.trim() || 'not creditable' } };
  }
  if (Number.isNaN(ageMs)) {
    return { touch, ageMs, exclusion: { kind: 'invalid_time', reason: 'no valid time recorded' } };
  }
  if (ageMs < 0) {
    return { touch, ageMs, exclusion: { kind: 'after_conversion', reason: `after the conversion (${formatDuration(-ageMs)} after it)` } };
  }
  if (ageMs > windowDays * MS_PER_DAY) {
    const reason = `outside the ${windowDays}-day window (${formatDaysOutsideWindow(ageMs, windowDays)} before the conversion)`;
    return { touch, ageMs, exclusion: { kind: 'outside_window', reason } };
  }
  return { touch, ageMs };
}

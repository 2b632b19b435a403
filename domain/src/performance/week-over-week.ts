import type { PartnerStage } from '../partners/partner.schema';

/**
 * Seed 001's "performance drops significantly week-over-week" alert, decided. The metric is the
 * partner's credited conversions (refunds and chargebacks excluded): the one figure an affiliate
 * manager reads the same way in every program — revenue mixes currencies we cannot add without
 * FX, and commissions move with plan changes, holds and reversals rather than with the partner's
 * traffic. Every drop from MIN_REPORTED_DROP_PERCENT up becomes an event; the notification rule's
 * condition (`dropPercent >= 30` by default, operator-configurable) decides who is told.
 */
export const PERFORMANCE_DROP_METRIC = 'conversions';

/** A week below this many conversions is too small to compare: 1 → 0 is noise, not a drop. */
export const MIN_PREVIOUS_WEEK_CONVERSIONS = 5;

/** Smaller drops are ordinary weekly variation; the rule's condition filters further. */
export const MIN_REPORTED_DROP_PERCENT = 10;

/** Partners the review watches: working ones (not applied, paused, terminated or rejected). */
export const PERFORMANCE_REVIEWED_STAGES = ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK'] as const satisfies readonly PartnerStage[];

/** One partner's conversions in the previous and in the reviewed week. */
export interface PartnerWeekFigures {
  partnerId: string;
  previous: number;
  current: number;
}

/** The `performance.dropped` payload for one partner (values as the template shows them). */
export interface PerformanceDrop {
  partnerId: string;
  /** Whole percent, rounded down: 12 → 7 is 41. */
  dropPercent: number;
  metric: typeof PERFORMANCE_DROP_METRIC;
  previous: string;
  current: string;
}

export interface DropThresholds {
  minPrevious: number;
  minDropPercent: number;
}

export const DEFAULT_DROP_THRESHOLDS: DropThresholds = {
  minPrevious: MIN_PREVIOUS_WEEK_CONVERSIONS,
  minDropPercent: MIN_REPORTED_DROP_PERCENT,
};

/** Integer arithmetic: a float could turn an exact 30% into 29. */
export function dropPercentOf(previous: number, current: number): number {
  if (previous <= 0 || current >= previous) return 0;
  return Math.floor(((previous - current) * 100) / previous);
}

/** The partners whose conversions fell by at least `minDropPercent`, in the order given. */
export function performanceDrops(figures: readonly PartnerWeekFigures[], thresholds: DropThresholds = DEFAULT_DROP_THRESHOLDS): PerformanceDrop[] {
  return figures
    .filter((figure) => figure.previous >= thresholds.minPrevious)
    .map((figure) => ({ figure, dropPercent: dropPercentOf(figure.previous, figure.current) }))
    .filter(({ dropPercent }) => dropPercent > 0 && dropPercent >= thresholds.minDropPercent)
    .map(({ figure, dropPercent }) => ({
      partnerId: figure.partnerId,
      dropPercent,
      metric: PERFORMANCE_DROP_METRIC,
      previous: String(figure.previous),
      current: String(figure.current),
    }));
}

/** One event per partner and week: a rerun of the week's review records nothing twice. */
export const performanceDroppedKey = (partnerId: string, weekEnd: string): string => `performance.dropped:${partnerId}:${weekEnd}`;


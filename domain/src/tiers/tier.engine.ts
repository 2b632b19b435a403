import { describeMeasured, measuredValue, thresholdValue, type PeriodPerformance } from './performance-measure';
import type { TierPolicy } from './tier-policy.schema';

/**
 * Which tier a partner belongs in, decided from a period's performance. Pure: the lifecycle
 * workflow measures (an activity), decides here, then records and notifies.
 */

export type TierDirection = 'assigned' | 'promoted' | 'demoted';

export interface TierDecision {
  from: string | null;
  to: string | null;
  direction: TierDirection;
  reason: string;
}

const rank = (policy: TierPolicy, tier: string | null): number => (tier === null ? -1 : policy.levels.findIndex((level) => level.name === tier));

/** The highest level whose minimum the performance reaches; null below the first. */
export function qualifiedTier(policy: TierPolicy, performance: PeriodPerformance): string | null {
  const value = measuredValue(performance, policy);
  let qualified: string | null = null;
  for (const level of policy.levels) if (value >= thresholdValue(level.minimum, policy)) qualified = level.name;
  return qualified;
}

/** The tier a new partner starts in: the first level when its minimum is zero, otherwise none. */
export function entryTier(policy: TierPolicy): string | null {
  const first = policy.levels[0];
  return thresholdValue(first.minimum, policy) === 0n ? first.name : null;
}

function explain(policy: TierPolicy, performance: PeriodPerformance, to: string | null, current: string | null): string {
  const value = describeMeasured(measuredValue(performance, policy), policy);
  if (to === null) {
    const lowest = policy.levels[0];
    return `${performance.period}: ${value}, below ${lowest.name}'s minimum of ${lowest.minimum}`;
  }
  const level = policy.levels[rank(policy, to)];
  if (rank(policy, to) > rank(policy, current)) return `${performance.period}: ${value}, reaching ${to}'s minimum of ${level.minimum}`;
  const above = current === null ? undefined : policy.levels[rank(policy, current)];
  return `${performance.period}: ${value}, below ${above?.name ?? to}'s minimum of ${above?.minimum ?? level.minimum}`;
}

/**
 * At the end of a period: the partner moves to the level the period qualifies for, up or down.
 * A tier the policy no longer lists counts as none (rank -1), so the partner is re-placed.
 */
export function decideTierAtPeriodEnd(policy: TierPolicy, current: string | null, performance: PeriodPerformance): TierDecision | null {
  const to = qualifiedTier(policy, performance);
  if (to === current) return null;
  const direction: TierDirection = rank(policy, to) > rank(policy, current) ? 'promoted' : 'demoted';
  return { from: current, to, direction, reason: explain(policy, performance, to, current) };
}

/** On a milestone, part-way through a period: only a promotion (a demotion waits for the period's end). */
export function decideTierOnMilestone(policy: TierPolicy, current: string | null, performanceSoFar: PeriodPerformance): TierDecision | null {
  const decision = decideTierAtPeriodEnd(policy, current, performanceSoFar);
  return decision?.direction === 'promoted' ? { ...decision, reason: `${decision.reason} (so far this period)` } : null;
}

/** One level down (re-engagement's `downgrade_tier`); null when there is no lower level to go to. */
export function tierOneBelow(policy: TierPolicy, current: string | null): TierDecision | null {
  const index = rank(policy, current);
  if (index <= 0) return null;
  const to = policy.levels[index - 1].name;
  return { from: current, to, direction: 'demoted', reason: `one tier down, from ${current} to ${to}` };
}

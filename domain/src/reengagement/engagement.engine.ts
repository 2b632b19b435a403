import { describeMeasured, measuredValue, thresholdValue, type PeriodPerformance } from '../tiers/performance-measure';
import type { ReengagementConfig } from './reengagement-config.schema';
import type { EngagementState, LatestActivity, MonthEvaluation } from './engagement.state';
import type { ConsistencyPolicy, QualityPolicy } from './stage-policy.schema';

/**
 * The lifecycle's engagement decisions, pure: when a partner counts as inactive, when to look
 * at their activity again, and what a month's performance means for the CONSISTENT streak and
 * the quality flag.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * While a partner is AT_RISK for inactivity the workflow reads their activity at least this
 * often: clicks reach it only through the database (one signal per click would flood it).
 */
export const AT_RISK_CHECK_MS = DAY_MS;

/** The later of two activities (ties keep the one known first). */
export function laterActivity(known: LatestActivity | null, seen: LatestActivity | null): LatestActivity | null {
  if (!seen) return known;
  if (!known) return seen;
  return Date.parse(seen.at) > Date.parse(known.at) ? seen : known;
}

const MINUTE_MS = 60_000;

/** How long a partner must be quiet before a cycle starts: minutes or hours when given, else days. */
export function inactivityMs(config: Pick<ReengagementConfig, 'inactivityDays' | 'inactivityHours' | 'inactivityMinutes'>): number {
  if (config.inactivityMinutes !== undefined) return config.inactivityMinutes * MINUTE_MS;
  if (config.inactivityHours !== undefined) return config.inactivityHours * 60 * MINUTE_MS;
  return config.inactivityDays * 24 * 60 * MINUTE_MS;
}

/** The moment the partner has been quiet for the policy's inactivity period. */
export function inactiveFromMs(
  state: Pick<EngagementState, 'lastActivity' | 'approvedAt'>,
  config: Pick<ReengagementConfig, 'inactivityDays' | 'inactivityHours' | 'inactivityMinutes'>,
): number {
  const last = state.lastActivity?.at ?? state.approvedAt ?? new Date(0).toISOString();
  return Date.parse(last) + inactivityMs(config);
}

/** When to read the partner's activity next: once they would count as inactive, not before the cooldown ends. */
export function nextActivityCheckMs(state: EngagementState, config: ReengagementConfig, nowMs: number): number {
  const cooldown = state.cooldownUntil ? Date.parse(state.cooldownUntil) : 0;
  const due = Math.max(inactiveFromMs(state, config), cooldown);
  // An inactive AT_RISK partner is looked at again daily, or sooner under a shorter inactivity period.
  const recheckMs = Math.min(AT_RISK_CHECK_MS, inactivityMs(config));
  return state.atRisk?.cause === 'inactivity' ? Math.min(due, nowMs + recheckMs) : due;
}

/** A month against the CONSISTENT baseline, and the streak it leaves. */
export function evaluateMonth(policy: ConsistencyPolicy, performance: PeriodPerformance, streak: number): { evaluation: MonthEvaluation; streak: number } {
  const value = measuredValue(performance, policy);
  const baselineMet = value >= thresholdValue(policy.minimum, policy);
  return {
    evaluation: {
      period: performance.period,
      baselineMet,
      value: describeMeasured(value, policy),
      conversions: performance.conversions,
      flaggedConversions: performance.flaggedConversions,
    },
    streak: baselineMet ? streak + 1 : 0,
  };
}

/** Why the month's quality puts the partner at risk, or undefined when it is fine (or too small to judge). */
export function qualityProblem(policy: QualityPolicy | undefined, performance: PeriodPerformance): string | undefined {
  if (!policy || performance.conversions < policy.minConversions) return undefined;
  // flagged / conversions > max% ⇔ 100 × flagged > max × conversions: exact, no floats
  if (100 * performance.flaggedConversions <= policy.maxFlaggedPercent * performance.conversions) return undefined;
  const percent = Math.round((100 * performance.flaggedConversions) / performance.conversions);
  return `quality: ${performance.flaggedConversions} of ${performance.conversions} conversions in ${performance.period} carried fraud flags (${percent}%, more than ${policy.maxFlaggedPercent}%)`;
}

/** "click clk_… at …" for reasons a person reads. */
export const describeActivity = (activity: LatestActivity): string =>
  activity.kind === 'approval' ? `approval at ${activity.at}` : `${activity.kind} ${activity.sourceId ?? '?'} at ${activity.at}`;

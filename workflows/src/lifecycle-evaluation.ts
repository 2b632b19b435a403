import {
  calendarPeriodOf,
  decideTierAtPeriodEnd,
  decideTierOnMilestone,
  evaluateMonth,
  KEPT_MONTHS,
  nextMonthStart,
  periodEndingAt,
  qualityProblem,
  type CalendarPeriod,
  type PeriodPerformance,
} from '@partnerflow/domain';
import { databaseActivities } from './activity-proxies';
import { iso, type EngagementRun } from './lifecycle-engagement-context';
import { followConsistency, moveToAtRisk, recoverFromAtRisk } from './lifecycle-risk';
import { changeTier } from './tiers-keeper';

const measure = (run: EngagementRun, period: CalendarPeriod, untilMs: number, currency: string | null): Promise<PeriodPerformance> =>
  databaseActivities.measurePartnerPeriod({ partnerId: run.partnerId, period: period.key, from: iso(period.startMs), to: iso(untilMs), currency });

/** The currency a month is measured in: the tiers', else the baseline's (null: conversions only). */
const monthCurrency = (run: EngagementRun) => run.policy!.tiers?.currency ?? run.policy!.consistency.currency ?? null;

/**
 * At a calendar month's end (the lifecycle's monthly timer): the month just ended against the
 * CONSISTENT baseline and the quality flag, and — when a tier period ends with it — the tier.
 * A paused partner's month is recorded but not judged, and its tier stays.
 */
export async function evaluateEndedMonth(run: EngagementRun, boundaryMs: number): Promise<void> {
  const { state } = run;
  const policy = run.policy!;
  const month = calendarPeriodOf(boundaryMs - 1, 'month');
  const performance = await measure(run, month, month.endMs, monthCurrency(run));
  const paused = run.keeper.stage === 'PAUSED';
  const judged = evaluateMonth(policy.consistency, performance, state.consistency.streak);
  const evaluation = paused ? { ...judged.evaluation, baselineMet: false, note: 'not judged: the partner was paused' } : judged.evaluation;
  state.consistency = {
    streak: paused ? state.consistency.streak : judged.streak,
    months: [...state.consistency.months, evaluation].slice(-KEPT_MONTHS),
  };
  if (!paused) {
    const reason = evaluation.baselineMet
      ? `baseline met ${state.consistency.streak} month(s) in a row (${month.key}: ${evaluation.value}, at least ${policy.consistency.minimum})`
      : `baseline missed in ${month.key}: ${evaluation.value}, below ${policy.consistency.minimum}`;
    await followConsistency(run, evaluation.baselineMet, reason);

    const problem = qualityProblem(policy.quality, performance);
    if (problem) await moveToAtRisk(run, 'quality', problem);
    else if (state.atRisk?.cause === 'quality') await recoverFromAtRisk(run, `quality back to normal in ${month.key}`);
  }

  const tiers = policy.tiers;
  const ended = tiers ? periodEndingAt(boundaryMs, tiers.period) : null;
  if (tiers && ended && !paused) {
    const sameMeasure = ended.key === month.key && performance.currency === (tiers.currency ?? null);
    const tierPerformance = sameMeasure ? performance : await measure(run, ended, ended.endMs, tiers.currency ?? null);
    const decision = decideTierAtPeriodEnd(tiers, state.tier.name, tierPerformance);
    if (decision) await changeTier(run, decision);
  }
  state.nextEvaluationAt = iso(nextMonthStart(boundaryMs));
}

/** A conversion was heard: a higher tier reached part-way through the period promotes at once. */
export async function checkTierMilestone(run: EngagementRun): Promise<void> {
  const tiers = run.policy?.tiers;
  if (!tiers || run.keeper.stage === 'PAUSED' || run.keeper.stage === 'TERMINATED') return;
  if (run.state.tier.name === tiers.levels.at(-1)!.name) return; // (already at the top)
  const period = calendarPeriodOf(Date.now(), tiers.period);
  const soFar = await measure(run, period, period.endMs, tiers.currency ?? null);
  const decision = decideTierOnMilestone(tiers, run.state.tier.name, soFar);
  if (decision) await changeTier(run, decision);
}

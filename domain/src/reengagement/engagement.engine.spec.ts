import type { PeriodPerformance } from '../tiers/performance-measure';
import { DAY_MS, evaluateMonth, laterActivity, nextActivityCheckMs, qualityProblem } from './engagement.engine';
import { newEngagementState } from './engagement.state';
import { reengagementConfigSchema } from './reengagement-config.schema';
import { planCycleSteps } from './reengagement-cycle';
import { DEFAULT_REENGAGEMENT_CONFIG } from '../configs/default-configs';

const config = reengagementConfigSchema.parse(DEFAULT_REENGAGEMENT_CONFIG);
const performance = (conversions: number, flaggedConversions = 0): PeriodPerformance => ({
  period: '2026-03', from: '', to: '', conversions, flaggedConversions, referredRevenueMinor: '0', currency: null,
});

describe('engagement decisions', () => {
  it('checks activity once the partner would be inactive, after the cooldown, and daily while at risk for inactivity', () => {
    const state = { ...newEngagementState(), approvedAt: '2026-01-01T00:00:00.000Z' };
    state.lastActivity = { at: '2026-01-10T00:00:00.000Z', kind: 'click', sourceId: 'clk_1', seenBy: 'database' };
    const now = Date.parse('2026-01-20T00:00:00.000Z');
    expect(nextActivityCheckMs(state, config, now)).toBe(Date.parse('2026-02-09T00:00:00.000Z'));
    expect(nextActivityCheckMs({ ...state, cooldownUntil: '2026-03-01T00:00:00.000Z' }, config, now)).toBe(Date.parse('2026-03-01T00:00:00.000Z'));
    const atRisk = { since: '2026-01-15T00:00:00.000Z', from: 'PRODUCING' as const, cause: 'inactivity' as const, reason: 'quiet' };
    expect(nextActivityCheckMs({ ...state, atRisk }, config, now)).toBe(now + DAY_MS);
  });

  it('takes the inactivity period in minutes or hours instead of days, and looks at an AT_RISK partner again within it', () => {
    const state = { ...newEngagementState(), approvedAt: '2026-01-01T00:00:00.000Z' };
    const quick = reengagementConfigSchema.parse({ ...DEFAULT_REENGAGEMENT_CONFIG, inactivityMinutes: 5, cycleCooldownDays: 0 });
    expect(nextActivityCheckMs(state, quick, 0)).toBe(Date.parse('2026-01-01T00:05:00.000Z'));
    const hourly = reengagementConfigSchema.parse({ ...DEFAULT_REENGAGEMENT_CONFIG, inactivityHours: 2 });
    expect(nextActivityCheckMs(state, hourly, 0)).toBe(Date.parse('2026-01-01T02:00:00.000Z'));
    const atRisk = { since: '2026-01-01T00:10:00.000Z', from: 'ACTIVE' as const, cause: 'inactivity' as const, reason: 'quiet' };
    const now = Date.parse('2026-01-01T00:10:00.000Z');
    expect(nextActivityCheckMs({ ...state, lastActivity: { at: '2026-01-01T00:09:00.000Z', kind: 'click', sourceId: 'clk_1', seenBy: 'database' }, atRisk }, quick, now)).toBe(
      Date.parse('2026-01-01T00:14:00.000Z'),
    );
    // In the cooldown after the cycle that put them at risk: still looked at every inactivity period.
    expect(nextActivityCheckMs({ ...state, atRisk, cooldownUntil: '2026-01-02T00:10:00.000Z' }, quick, now)).toBe(now + 5 * 60_000);
    const both = reengagementConfigSchema.safeParse({ ...DEFAULT_REENGAGEMENT_CONFIG, inactivityHours: 1, inactivityMinutes: 5 });
    expect(both.success ? [] : both.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['inactivityMinutes', 'give inactivityHours or inactivityMinutes, not both'],
    ]);
  });

  it('keeps the later activity', () => {
    const click = { at: '2026-01-10T00:00:00.000Z', kind: 'click' as const, sourceId: 'clk_1', seenBy: 'database' as const };
    const conversion = { ...click, at: '2026-01-11T00:00:00.000Z', kind: 'conversion' as const };
    expect(laterActivity(click, conversion)).toBe(conversion);
    expect(laterActivity(conversion, click)).toBe(conversion);
    expect(laterActivity(null, click)).toBe(click);
  });

  it('counts the baseline streak and judges quality exactly', () => {
    expect(evaluateMonth(config.consistency, performance(1), 2)).toMatchObject({ streak: 3, evaluation: { baselineMet: true, value: '1 conversion' } });
    expect(evaluateMonth(config.consistency, performance(0), 2)).toMatchObject({ streak: 0, evaluation: { baselineMet: false } });
    const quality = { maxFlaggedPercent: 20, minConversions: 5 };
    expect(qualityProblem(quality, performance(10, 2))).toBeUndefined();
    expect(qualityProblem(quality, performance(10, 3))).toBe('quality: 3 of 10 conversions in 2026-03 carried fraud flags (30%, more than 20%)');
    expect(qualityProblem(quality, performance(4, 4))).toBeUndefined();
  });

  it("plans a cycle's steps from its start", () => {
    const steps = planCycleSteps(config.steps, Date.parse('2026-02-01T00:00:00.000Z'));
    expect(steps.map((step) => [step.id, step.type, step.template, step.dueAt])).toEqual([
      ['steps.0', 'performance_snapshot', 'reengagement.performance_snapshot', '2026-02-01T00:00:00.000Z'],
      ['steps.1', 'challenge', 'reengagement.challenge', '2026-02-04T00:00:00.000Z'],
      ['steps.2', 'check_in', 'reengagement.check_in', '2026-02-18T00:00:00.000Z'],
    ]);
  });
});

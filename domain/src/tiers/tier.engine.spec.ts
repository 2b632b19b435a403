import { validateConfigDocument } from '../configs/config-kinds';
import type { PeriodPerformance } from './performance-measure';
import { calendarPeriodOf, nextMonthStart, periodEndingAt } from './tier-periods';
import { tierPolicySchema } from './tier-policy.schema';
import { decideTierAtPeriodEnd, decideTierOnMilestone, entryTier, qualifiedTier, tierOneBelow } from './tier.engine';

const revenueTiers = tierPolicySchema.parse({
  measure: 'referred_revenue',
  currency: 'EUR',
  levels: [{ name: 'bronze', minimum: '0' }, { name: 'silver', minimum: '1000' }, { name: 'gold', minimum: '5000.00' }],
});
const month = (referredRevenueMinor: string, conversions = 1): PeriodPerformance => ({
  period: '2026-03', from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', conversions, flaggedConversions: 0, referredRevenueMinor, currency: 'EUR',
});

describe('tiers', () => {
  it('places a period on the ladder exactly, in minor units', () => {
    expect(qualifiedTier(revenueTiers, month('99999'))).toBe('bronze');
    expect(qualifiedTier(revenueTiers, month('100000'))).toBe('silver');
    expect(qualifiedTier(revenueTiers, month('500000'))).toBe('gold');
    expect(entryTier(revenueTiers)).toBe('bronze');
  });

  it('moves up or down at the period end, only up on a milestone, and one level down on request', () => {
    expect(decideTierAtPeriodEnd(revenueTiers, 'gold', month('120000'))).toEqual({
      from: 'gold', to: 'silver', direction: 'demoted', reason: "2026-03: 1200.00 EUR referred revenue, below gold's minimum of 5000",
    });
    expect(decideTierAtPeriodEnd(revenueTiers, 'silver', month('120000'))).toBeNull();
    expect(decideTierOnMilestone(revenueTiers, 'bronze', month('600000'))).toMatchObject({ to: 'gold', direction: 'promoted', reason: "2026-03: 6000.00 EUR referred revenue, reaching gold's minimum of 5000 (so far this period)" });
    expect(decideTierOnMilestone(revenueTiers, 'gold', month('0'))).toBeNull();
    expect(tierOneBelow(revenueTiers, 'silver')).toMatchObject({ from: 'silver', to: 'bronze', direction: 'demoted' });
    expect(tierOneBelow(revenueTiers, 'bronze')).toBeNull();
  });

  it('refuses ladders that cannot be evaluated, naming each path', () => {
    const problems = (tiers: unknown) => {
      const result = validateConfigDocument('reengagement', { steps: [{ type: 'check_in', afterDays: 7 }], outcome: 'downgrade_tier', tiers });
      return result.valid ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`);
    };
    expect(problems({ measure: 'referred_revenue', levels: [{ name: 'a', minimum: '1.234' }] })).toEqual([
      'tiers.currency: is required when the measure is referred_revenue (revenue in other currencies does not count)',
    ]);
    expect(problems({ measure: 'conversions', levels: [{ name: 'a', minimum: '2.5' }, { name: 'a', minimum: '2' }] })).toEqual([
      'tiers.levels.0.minimum: must be a whole number of conversions',
      'tiers.levels.1.name: tier "a" is listed twice',
    ]);
    expect(problems({ measure: 'conversions', levels: [{ name: 'a', minimum: '5' }, { name: 'b', minimum: '5' }] })).toEqual([
      'tiers.levels.1.minimum: must be above the minimum of "a" (5)',
    ]);
  });

  it('computes calendar periods in UTC', () => {
    const at = Date.parse('2026-03-15T12:00:00.000Z');
    expect(calendarPeriodOf(at, 'month')).toEqual({ key: '2026-03', startMs: Date.parse('2026-03-01T00:00:00.000Z'), endMs: Date.parse('2026-04-01T00:00:00.000Z') });
    expect(calendarPeriodOf(at, 'quarter').key).toBe('2026-Q1');
    expect(nextMonthStart(Date.parse('2026-12-31T23:59:59.999Z'))).toBe(Date.parse('2027-01-01T00:00:00.000Z'));
    expect(periodEndingAt(Date.parse('2026-04-01T00:00:00.000Z'), 'quarter')?.key).toBe('2026-Q1');
    expect(periodEndingAt(Date.parse('2026-05-01T00:00:00.000Z'), 'quarter')).toBeNull();
  });
});

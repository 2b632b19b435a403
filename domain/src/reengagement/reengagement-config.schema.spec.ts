import { validateConfigDocument } from '../configs/config-kinds';
import { DEFAULT_REENGAGEMENT_CONFIG } from '../configs/default-configs';
import { reengagementConfigSchema } from './reengagement-config.schema';

const paths = (document: unknown) => {
  const result = validateConfigDocument('reengagement', document);
  return result.valid ? [] : result.problems.map((problem) => problem.path);
};

describe('reengagementConfigSchema', () => {
  it('accepts seed 002\'s recipe and fills in the default templates', () => {
    const parsed = reengagementConfigSchema.parse(DEFAULT_REENGAGEMENT_CONFIG);
    expect(parsed).toMatchObject({ inactivityDays: 30, outcome: 'at_risk', cycleCooldownDays: 60 });
    expect(parsed.steps.map((step) => [step.type, step.template])).toEqual([
      ['performance_snapshot', 'reengagement.performance_snapshot'],
      ['challenge', 'reengagement.challenge'],
      ['check_in', 'reengagement.check_in'],
    ]);
  });

  it('defaults the trigger to 30 days of inactivity and the cooldown to 30 days', () => {
    const parsed = reengagementConfigSchema.parse({ steps: [{ type: 'check_in', afterDays: 7 }], outcome: 'downgrade_tier' });
    expect(parsed).toMatchObject({ inactivityDays: 30, cycleCooldownDays: 30, steps: [{ notifyManager: true }] });
    expect(parsed.consistency).toEqual({ months: 3, measure: 'conversions', minimum: '1' });
    expect(parsed.tiers).toBeUndefined();
  });

  it('names the path of each problem', () => {
    expect(
      paths({
        inactivityDays: 0,
        steps: [
          { type: 'performance_snapshot', afterDays: 0, template: 'reengagement.unknown' },
          { type: 'challenge', afterDays: 3, targetReferrals: 0, withinDays: 30, reward: 'a bonus' },
          { type: 'challenge', afterDays: 3, targetReferrals: 3, withinDays: 30 },
          { type: 'check_in' },
          { type: 'downgrade' },
        ],
        outcome: 'suspend',
        cycleCooldownDays: -1,
      }),
    ).toEqual([
      'inactivityDays',
      'steps.0.template',
      'steps.1.targetReferrals',
      'steps.2.reward',
      'steps.3.afterDays',
      'steps.4.type',
      'outcome',
      'cycleCooldownDays',
    ]);
    expect(paths({ steps: [], outcome: 'at_risk' })).toEqual(['steps']);
  });
});

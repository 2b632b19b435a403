import { validateConfigDocument } from '../configs/config-kinds';
import { DEFAULT_ONBOARDING_CONFIG } from '../configs/default-configs';
import { onboardingConfigSchema } from './onboarding-config.schema';

const problems = (document: unknown) => {
  const result = validateConfigDocument('onboarding', document);
  return result.valid ? [] : result.problems;
};
const paths = (document: unknown) => problems(document).map((problem) => problem.path);
const email = (extra: Record<string, unknown>) => ({ type: 'email', template: 'onboarding.top_pages', ...extra });

describe('onboardingConfigSchema', () => {
  it('accepts the default sequence and fills in `when: always`', () => {
    const parsed = onboardingConfigSchema.parse(DEFAULT_ONBOARDING_CONFIG);
    expect(parsed.steps).toHaveLength(6);
    expect(parsed.steps[1]).toEqual({ type: 'email', template: 'onboarding.top_pages', afterDays: 2, when: 'always' });
    expect(parsed.steps[3]).toMatchObject({ type: 'wait_for', event: 'first_click', withinDays: 14 });
  });

  it('accepts delays in hours or minutes, conditions and manager notifications', () => {
    expect(
      paths({
        steps: [
          email({ afterHours: 36, when: 'no_click' }),
          email({ afterMinutes: 90, when: 'no_conversion' }),
          { type: 'notify_manager', message: 'call the new partner', afterDays: 3 },
        ],
      }),
    ).toEqual([]);
  });

  it('names the path of each problem: unknown template, negative delay, missing or doubled delay', () => {
    const result = problems({
      steps: [
        email({ template: 'onboarding.nope', afterDays: 1 }),
        email({ afterDays: 1 }),
        email({ afterDays: -2 }),
        email({}),
        email({ afterDays: 1, afterHours: 4 }),
        email({ afterDays: 1, when: 'sometimes' }),
      ],
    });
    expect(result.map((problem) => problem.path)).toEqual([
      'steps.0.template',
      'steps.2.afterDays',
      'steps.3.afterDays',
      'steps.4.afterHours',
      'steps.5.when',
    ]);
    expect(result[0].message).toMatch(/is not a known email template \(known: partner\.welcome, .*onboarding\.top_pages/);
    expect(result[2].message).toBe('give exactly one of afterDays, afterHours, afterMinutes');
  });

  it('refuses templates a drip email cannot fill in: operator notices, a rejection without its reason', () => {
    const result = problems({
      steps: [email({ template: 'operator.onboarding_notification', afterDays: 1 }), email({ template: 'partner.rejected', afterDays: 1 })],
    });
    expect(result.map((problem) => problem.path)).toEqual(['steps.0.template', 'steps.1.template']);
    expect(result[0].message).toMatch(/needs more than the partner's and program's names/);
  });

  it('refuses unknown step types and unknown fields', () => {
    expect(paths({ steps: [{ type: 'sms', afterDays: 1 }, email({ afterDays: 1, afterDay: 2 })] })).toEqual(['steps.0.type', 'steps.1']);
    expect(paths({ steps: [], extra: true })).toEqual(['']);
  });

  it('refuses a nested wait_for, an empty else, and an else step due before the wait ends', () => {
    const wait = (extra: Record<string, unknown>) => ({ type: 'wait_for', event: 'first_click', withinDays: 14, ...extra });
    expect(paths({ steps: [wait({ else: [wait({ else: [email({ afterDays: 20 })] })] })] })).toEqual(['steps.0.else.0.type']);
    expect(paths({ steps: [wait({ else: [] })] })).toEqual(['steps.0.else']);
    expect(paths({ steps: [wait({ else: [email({ afterDays: 14 }), email({ afterDays: 3 })] })] })).toEqual(['steps.0.else.1']);
    expect(paths({ steps: [wait({ withinDays: undefined, else: [email({ afterDays: 20 })] })] })).toEqual(['steps.0.withinDays']);
    expect(paths({ steps: [wait({ event: 'first_payout', else: [email({ afterDays: 20 })] })] })).toEqual(['steps.0.event']);
  });
});

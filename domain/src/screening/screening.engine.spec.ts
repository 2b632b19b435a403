import type { ApplicationUnderScreening } from '../partners/partner.schema';
import { screeningConfigSchema, type ScreeningConfig, type ScreeningRule } from './screening-config.schema';
import { screenApplication } from './screening.engine';

const applicant = (overrides: Partial<ApplicationUnderScreening> = {}): ApplicationUnderScreening => ({
  name: 'Ada',
  email: 'ada@example.com',
  country: 'GB',
  website: 'https://ada.example.com',
  channels: [],
  audienceSize: 5000,
  partnerType: 'content',
  ...overrides,
});

const config = (rules: ScreeningConfig['rules'], whenAllRulesPass: 'approve' | 'review' = 'approve') =>
  screeningConfigSchema.parse({ rules, whenAllRulesPass });

describe('screenApplication', () => {
  it('approves when every rule passes and says so', () => {
    const result = screenApplication(config([{ type: 'min_audience', min: 1000, outcome: 'review' }]), applicant());
    expect(result).toMatchObject({ decision: 'approve', summary: 'all screening rules passed' });
    expect(result.rules).toEqual([{ rule: '1:min_audience', type: 'min_audience', passed: true, reason: 'audience 5000 ≥ 1000' }]);
  });

  it('sends the application to review when only review rules fail, naming each reason', () => {
    const result = screenApplication(
      config([
        { id: 'audience', type: 'min_audience', min: 10_000, outcome: 'review' },
        { type: 'partner_types', allowed: ['coupon'], outcome: 'review' },
      ]),
      applicant(),
    );
    expect(result.decision).toBe('review');
    expect(result.summary).toBe('audience 5000 is below 10000; partner type content is not accepted');
    expect(result.rules.map((r) => [r.rule, r.passed, r.outcome])).toEqual([
      ['audience', false, 'review'],
      ['2:partner_types', false, 'review'],
    ]);
  });

  it('lets a failed reject rule win over failed review rules', () => {
    const result = screenApplication(
      config([
        { type: 'min_audience', min: 10_000, outcome: 'review' },
        { type: 'country_deny', countries: ['gb'], outcome: 'reject' },
      ]),
      applicant(),
    );
    expect(result).toMatchObject({ decision: 'reject', summary: 'country GB is not accepted' });
  });

  const rejections: [ScreeningRule, ApplicationUnderScreening, string][] = [
    [{ type: 'country_allow', countries: ['DE', 'FR'], outcome: 'reject' }, applicant(), 'country GB is not in the allowed list'],
    [{ type: 'blocked_email_domains', domains: ['Mailinator.com'], outcome: 'reject' }, applicant({ email: 'x@mailinator.com' }), 'email domain mailinator.com is blocked'],
    [{ type: 'required_fields', fields: ['website_or_channels'], outcome: 'reject' }, applicant({ website: null, channels: [] }), 'missing website_or_channels'],
    [{ type: 'required_fields', fields: ['channels', 'audienceSize'], outcome: 'reject' }, applicant({ audienceSize: 0 }), 'missing channels, audienceSize'],
  ];
  it.each(rejections)('rejects on %o', (rule, application, reason) => {
    expect(screenApplication(config([rule]), application)).toMatchObject({
      decision: 'reject',
      summary: reason,
    });
  });

  it('passes a required website_or_channels rule with channels only', () => {
    const result = screenApplication(
      config([{ type: 'required_fields', fields: ['website_or_channels'], outcome: 'review' }]),
      applicant({ website: null, channels: ['youtube.com/@ada'] }),
    );
    expect(result.decision).toBe('approve');
  });

  it('reviews everything when the program says so, even when all rules pass', () => {
    expect(screenApplication(config([], 'review'), applicant())).toMatchObject({
      decision: 'review',
      summary: 'all rules passed; program reviews every application',
    });
  });
});

describe('screeningConfigSchema', () => {
  it('rejects an unknown rule type and a missing outcome with the path of each problem', () => {
    const result = screeningConfigSchema.safeParse({
      rules: [{ type: 'vibes', outcome: 'reject' }, { type: 'min_audience', min: 5 }],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['rules.0.type', 'rules.1.outcome']);
  });

  it('normalises country codes to upper case and rejects malformed ones', () => {
    const parsed = screeningConfigSchema.parse({ rules: [{ type: 'country_deny', countries: ['kp'], outcome: 'reject' }] });
    expect(parsed.rules[0]).toMatchObject({ countries: ['KP'] });
    expect(screeningConfigSchema.safeParse({ rules: [{ type: 'country_deny', countries: ['North Korea'], outcome: 'reject' }] }).success).toBe(false);
  });
});

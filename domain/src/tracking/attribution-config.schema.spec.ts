import { PARTNER_TYPES } from '../partners/partner.schema';
import {
  ATTRIBUTION_MODELS,
  attributionConfigSchema,
  COUPON_PRECEDENCES,
  DEFAULT_ATTRIBUTION_CONFIG,
  MAX_HYBRID_WEIGHT,
} from './attribution-config.schema';

describe('attributionConfigSchema', () => {
  it('fills every default: last click, 30 days, pf_click, no allowed domains, coupons first, a year of renewals', () => {
    // toMatchObject: the fraud settings kept in this document are covered by their own spec.
    expect(DEFAULT_ATTRIBUTION_CONFIG).toMatchObject({
      model: 'last_click',
      windowDays: 30,
      allowedDomains: [],
      clickIdParam: 'pf_click',
      cookieName: 'pf_click',
      timeDecay: { halfLifeDays: 7 },
      positionBased: { firstPercent: 40, lastPercent: 40 },
      hybrid: { weightsByPartnerType: {} },
      couponPrecedence: 'coupon',
      recurringWindowDays: 365,
    });
  });

  it('reads documents stored before the multi-touch models with the same meaning', () => {
    const stored = attributionConfigSchema.parse({ model: 'last_click', windowDays: 30, allowedDomains: ['example.com'] });
    expect(stored).toEqual({ ...DEFAULT_ATTRIBUTION_CONFIG, allowedDomains: ['example.com'] });
    expect(attributionConfigSchema.parse({})).toEqual(DEFAULT_ATTRIBUTION_CONFIG);
  });

  it('lower-cases and trims allowed domains', () => {
    const config = attributionConfigSchema.parse({ allowedDomains: [' Example.COM ', 'shop.example.co.uk'] });
    expect(config.allowedDomains).toEqual(['example.com', 'shop.example.co.uk']);
  });

  it('refuses domains given as URLs, with ports or wildcards', () => {
    for (const domain of ['https://example.com', 'example.com:8080', '*.example.com', 'example.com/path', 'localhost', '']) {
      const result = attributionConfigSchema.safeParse({ allowedDomains: [domain] });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual(['allowedDomains', 0]);
    }
  });

  it('bounds the window to what a browser keeps a cookie for', () => {
    expect(attributionConfigSchema.safeParse({ windowDays: 0 }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ windowDays: 401 }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ windowDays: 2.5 }).success).toBe(false);
    expect(attributionConfigSchema.parse({ windowDays: 90 }).windowDays).toBe(90);
  });

  it('refuses unknown models, unknown fields and unsafe parameter or cookie names', () => {
    expect(attributionConfigSchema.safeParse({ model: 'u_shaped' }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ cookieWindow: 30 }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ clickIdParam: 'click id' }).success).toBe(false);
    expect(attributionConfigSchema.safeParse({ cookieName: 'a;b' }).success).toBe(false);
  });

  it('accepts all six models', () => {
    for (const model of ATTRIBUTION_MODELS) expect(attributionConfigSchema.parse({ model }).model).toBe(model);
  });

  it('fills nested defaults field by field', () => {
    const config = attributionConfigSchema.parse({ timeDecay: {}, positionBased: { firstPercent: 30 }, hybrid: { weightsByPartnerType: { coupon: 0.5 } } });
    expect(config.timeDecay).toEqual({ halfLifeDays: 7 });
    expect(config.positionBased).toEqual({ firstPercent: 30, lastPercent: 40 });
    expect(config.hybrid.weightsByPartnerType).toEqual({ coupon: 0.5 });
  });

  it('bounds the time-decay half-life to (0, 365] days, fractions allowed', () => {
    expect(attributionConfigSchema.parse({ timeDecay: { halfLifeDays: 0.5 } }).timeDecay.halfLifeDays).toBe(0.5);
    expect(attributionConfigSchema.parse({ timeDecay: { halfLifeDays: 365 } }).timeDecay.halfLifeDays).toBe(365);
    expect(issuesOf({ timeDecay: { halfLifeDays: 0 } })[0].path).toEqual(['timeDecay', 'halfLifeDays']);
    expect(issuesOf({ timeDecay: { halfLifeDays: 366 } })[0].path).toEqual(['timeDecay', 'halfLifeDays']);
  });

  it('requires whole position percents whose sum is at most 100, naming both in the message', () => {
    expect(attributionConfigSchema.parse({ positionBased: { firstPercent: 50, lastPercent: 50 } }).positionBased.lastPercent).toBe(50);
    expect(attributionConfigSchema.parse({ positionBased: { firstPercent: 0, lastPercent: 0 } }).positionBased.firstPercent).toBe(0);
    const [issue] = issuesOf({ positionBased: { firstPercent: 60, lastPercent: 50 } });
    expect(issue.path).toEqual(['positionBased', 'lastPercent']);
    expect(issue.message).toBe('positionBased.firstPercent + lastPercent must be at most 100 (got 60 + 50 = 110)');
    expect(issuesOf({ positionBased: { firstPercent: 40.5 } })[0].path).toEqual(['positionBased', 'firstPercent']);
    expect(issuesOf({ positionBased: { firstPercent: -1 } })[0].path).toEqual(['positionBased', 'firstPercent']);
  });

  it('takes hybrid weights for known partner types only, non-negative and bounded', () => {
    expect(issuesOf({ hybrid: { weightsByPartnerType: { blogger: 2 } } })[0].path).toEqual(['hybrid', 'weightsByPartnerType']);
    expect(issuesOf({ hybrid: { weightsByPartnerType: { coupon: -1 } } })[0].path).toEqual(['hybrid', 'weightsByPartnerType', 'coupon']);
    expect(issuesOf({ hybrid: { weightsByPartnerType: { coupon: MAX_HYBRID_WEIGHT + 1 } } })).toHaveLength(1);
  });

  it('refuses a hybrid model under which no partner type could ever earn anything', () => {
    const allZero = Object.fromEntries(PARTNER_TYPES.map((type) => [type, 0]));
    const [issue] = issuesOf({ model: 'hybrid', hybrid: { weightsByPartnerType: allZero } });
    expect(issue.path).toEqual(['hybrid', 'weightsByPartnerType']);
    expect(issue.message).toMatch(/at least one partner type weighing more than 0/);
    // One type left out weighs 1, and another model ignores the weights.
    const { other: _other, ...allButOther } = allZero;
    expect(attributionConfigSchema.safeParse({ model: 'hybrid', hybrid: { weightsByPartnerType: allButOther } }).success).toBe(true);
    expect(attributionConfigSchema.safeParse({ model: 'linear', hybrid: { weightsByPartnerType: allZero } }).success).toBe(true);
  });

  it('knows three coupon precedences and bounds the recurring window to ten years (0 turns it off)', () => {
    for (const couponPrecedence of COUPON_PRECEDENCES) {
      expect(attributionConfigSchema.parse({ couponPrecedence }).couponPrecedence).toBe(couponPrecedence);
    }
    expect(issuesOf({ couponPrecedence: 'always' })[0].path).toEqual(['couponPrecedence']);
    expect(attributionConfigSchema.parse({ recurringWindowDays: 0 }).recurringWindowDays).toBe(0);
    expect(attributionConfigSchema.parse({ recurringWindowDays: 3650 }).recurringWindowDays).toBe(3650);
    for (const recurringWindowDays of [-1, 3651, 1.5]) {
      expect(issuesOf({ recurringWindowDays })[0].path).toEqual(['recurringWindowDays']);
    }
  });

  it('refuses unknown fields inside the model settings', () => {
    expect(issuesOf({ timeDecay: { halfLife: 7 } })[0].path).toEqual(['timeDecay']);
    expect(issuesOf({ positionBased: { middlePercent: 20 } })[0].path).toEqual(['positionBased']);
  });
});

function issuesOf(document: unknown) {
  const result = attributionConfigSchema.safeParse(document);
  if (result.success) throw new Error(`expected ${JSON.stringify(document)} to be refused`);
  return result.error.issues;
}

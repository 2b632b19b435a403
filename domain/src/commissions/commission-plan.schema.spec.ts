import { commissionOverridesSchema, overrideProblems } from './commission-overrides.schema';
import { commissionPlanSchema, type CommissionPlanInput } from './commission-plan.schema';
import { planOf } from './commission.fixtures';

const problemsOf = (document: unknown) => {
  const result = commissionPlanSchema.safeParse(document);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

const plan = (rules: unknown[], extra: Partial<CommissionPlanInput> = {}) => ({ currency: 'EUR', rules, ...extra });

describe('commission plan schema', () => {
  it('parses a plan with every rule type and fills the defaults', () => {
    const parsed = planOf({
      currency: 'eur',
      tiers: ['silver', 'gold'],
      rules: [
        { id: 'signup-cpa', type: 'flat', events: ['signup'], amount: 5 },
        { id: 'sale-revshare', type: 'percentage', events: ['sale'], rate: 10, byCategory: { books: '5' }, byTier: { gold: { rate: '12.5' } } },
        { id: 'ftd-hybrid', type: 'hybrid', events: ['deposit'], amount: '100', rate: '2' },
        { id: 'gold-bonus', type: 'percentage', events: ['sale'], rate: '1', onlyTiers: ['gold'] },
        { id: 'rebate', type: 'per_lot', perLot: '5.00', byInstrument: { XAUUSD: '8.00' } },
        { id: 'volume', type: 'volume_bands', events: ['sale'], measure: 'count', mode: 'retroactive', bands: [{ from: 1, rate: 1 }, { from: 11, rate: 2 }] },
        { id: 'tenth-sale', type: 'milestone_bonus', events: ['sale'], measure: 'count', milestones: [{ at: 10, amount: '50' }] },
        { id: 'ib', type: 'ib_override', levels: [{ type: 'per_lot', perLot: '1.00' }, { type: 'percentage_of_commission', rate: '10' }] },
        { id: 'renewals', type: 'percentage', events: ['renewal'], rate: '20', recurring: { type: 'months', months: 12 } },
      ],
      caps: { perConversion: '500', perPartnerPerPeriod: '10000.00' },
    });
    expect(parsed.currency).toBe('EUR');
    expect(parsed.period).toBe('month');
    expect(parsed.rules[0]).toEqual({ id: 'signup-cpa', type: 'flat', events: ['signup'], amount: '5', recurring: { type: 'lifetime' } });
    expect(parsed.rules[1]).toMatchObject({ rate: '10', byCategory: { books: '5' }, byTier: { gold: { rate: '12.5' } } });
    expect(parsed.rules[4]).toMatchObject({ events: ['trade'] });
    expect(parsed.caps).toEqual({ perConversion: '500', perPartnerPerPeriod: '10000' });
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
  });

  it('refuses unknown fields, unknown rule types and refunds as events', () => {
    expect(problemsOf(plan([{ id: 'a', type: 'flat', events: ['sale'], amount: '1', rate: '2' }]))).toEqual(['rules.0: Unrecognized key: "rate"']);
    expect(problemsOf(plan([{ id: 'a', type: 'bonus', events: ['sale'] }]))[0]).toMatch(/^rules\.0\.type: /);
    expect(problemsOf(plan([{ id: 'a', type: 'flat', events: ['refund'], amount: '1' }]))[0]).toMatch(/^rules\.0\.events\.0: /);
  });

  it('refuses percentages above 100, with more than 4 decimals, or written with an exponent', () => {
    const rate = (value: unknown) => problemsOf(plan([{ id: 'a', type: 'percentage', events: ['sale'], rate: value }]));
    expect(rate('100.5')).toEqual(['rules.0.rate: percentage must be at most 100']);
    expect(rate('0.00001')).toEqual(['rules.0.rate: percentage must have at most 4 decimals (1 ppm)']);
    expect(rate('1e1')[0]).toMatch(/without an exponent/);
    expect(rate('0.0001')).toEqual([]);
  });

  it('names the path of every cross-field problem', () => {
    expect(
      problemsOf(
        plan(
          [
            { id: 'cpa', type: 'flat', events: ['sale', 'sale'], amount: '1.234', onlyTiers: ['platinum'] },
            { id: 'cpa', type: 'flat', events: ['lead'], amount: '1', byTier: { bronze: { amount: '2.001' } } },
            { id: 'rebate', type: 'per_lot' },
          ],
          { tiers: ['gold'], caps: { perConversion: '0.005' } },
        ),
      ),
    ).toEqual([
      'rules.0.events: lists an event type twice',
      'rules.0.onlyTiers.0: tier "platinum" is not one of the plan\'s tiers: add it to `tiers` first',
      'rules.0.amount: amount has more than 2 decimals, the most EUR allows',
      'rules.1.id: rule id "cpa" is already used by rules.0: ids key commissions and must be unique',
      'rules.1.byTier.bronze: tier "bronze" is not one of the plan\'s tiers: add it to `tiers` first',
      'rules.1.byTier.bronze.amount: amount has more than 2 decimals, the most EUR allows',
      'rules.2.perLot: give perLot, byInstrument or both: a per-lot rule needs a rate',
      'caps.perConversion: amount has more than 2 decimals, the most EUR allows',
    ]);
  });

  it('checks that volume bands start at the bottom, rise, pay one way, and never fall in retroactive mode', () => {
    const bands = (measure: string, mode: string, list: unknown[]) =>
      problemsOf(plan([{ id: 'v', type: 'volume_bands', events: ['sale'], measure, mode, bands: list }]));
    expect(bands('count', 'band', [{ from: 0, rate: 1 }])).toEqual([
      'rules.0.bands.0.from: must be a whole number of conversions, at least 1',
      'rules.0.bands.0.from: the first band must start at 1 so that every conversion falls in a band',
    ]);
    expect(bands('revenue', 'band', [{ from: '0', rate: 1 }, { from: '0', amount: '5' }, { from: '10', rate: '1', amount: '1' }])).toEqual([
      'rules.0.bands.1.from: must be greater than bands.0.from (0)',
      'rules.0.bands.1.rate: every band pays the same way: give rate like the first band',
      'rules.0.bands.2.rate: give exactly one of rate and amount',
    ]);
    expect(bands('revenue', 'retroactive', [{ from: '0', rate: 2 }, { from: '1000', rate: 1 }])).toEqual([
      'rules.0.bands.1.rate: in retroactive mode a band cannot pay less than the band before it: re-pricing the period would take back earned commission',
    ]);
    expect(bands('revenue', 'band', [{ from: '0', rate: 2 }, { from: '1000', rate: 1 }])).toEqual([]);
  });

  it('checks milestones are whole counts or amounts, in increasing order', () => {
    const milestones = (measure: string, list: unknown[]) =>
      problemsOf(plan([{ id: 'm', type: 'milestone_bonus', events: ['sale'], measure, milestones: list }]));
    expect(milestones('count', [{ at: '2.5', amount: '1' }, { at: 2, amount: '1' }])).toEqual([
      'rules.0.milestones.0.at: must be a whole number of conversions, at least 1',
      'rules.0.milestones.1.at: must be greater than milestones.0.at (2.5)',
    ]);
    expect(milestones('revenue', [{ at: '1000.005', amount: '1' }])).toEqual(['rules.0.milestones.0.at: amount has more than 2 decimals, the most EUR allows']);
    expect(milestones('revenue', [{ at: '0.00', amount: '1' }])).toEqual(['rules.0.milestones.0.at: must be above 0: a period total never rises to 0']);
  });
});

describe('partner overrides', () => {
  const parsed = planOf({ currency: 'JPY', rules: [{ id: 'cpa', type: 'flat', events: ['signup'], amount: '500' }] });

  it('are checked against the plan: the rule must exist, have the same type and valid terms', () => {
    const overrides = commissionOverridesSchema.parse({
      cpa: { type: 'flat', amount: '500.5' },
      gone: { type: 'percentage', rate: '5' },
    });
    expect(overrideProblems(parsed, overrides)).toEqual([
      { path: 'cpa.amount', message: 'amount must be a whole number: JPY has no minor unit' },
      { path: 'gone', message: 'the plan has no rule "gone"' },
    ]);
    expect(overrideProblems(parsed, { cpa: { type: 'percentage', rate: '5' } })).toEqual([{ path: 'cpa.type', message: 'rule "cpa" is a flat rule, not percentage' }]);
  });

  it('refuse fields the rule type does not have', () => {
    expect(commissionOverridesSchema.safeParse({ cpa: { type: 'flat', amount: '1', rate: '2' } }).success).toBe(false);
  });
});

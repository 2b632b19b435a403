import { DomainError } from '../errors';
import { computeCommissions } from './commission.engine';
import { inputFor, payouts, planOf, skips, type InputChanges } from './commission.fixtures';
import { MissingFxRateError } from './fx-conversion';

const FX = { asOf: '2026-03-15T00:00:00Z', to: 'EUR', rates: { USD: '0.9234', JPY: '0.0061' } };

describe('computeCommissions: CPA, RevShare and hybrid', () => {
  const plan = planOf({
    currency: 'EUR',
    rules: [
      { id: 'signup-cpa', type: 'flat', events: ['signup'], amount: '5.00' },
      { id: 'sale-revshare', type: 'percentage', events: ['sale'], rate: '10', byCategory: { books: '5' } },
      { id: 'ftd', type: 'hybrid', events: ['deposit'], amount: '100', rate: '2' },
    ],
  });

  it('pays a flat amount per signup, explaining the rule and listing the rules that do not cover it', () => {
    const result = computeCommissions(inputFor(plan, { conversion: { type: 'signup', amountMinor: null, currency: null } }));
    expect(payouts(result)).toEqual([['ptn_a', 'signup-cpa', 500n]]);
    expect(result.lines[0]).toMatchObject({ conversionId: 'cnv_1', kind: 'flat', amountMinor: 500n, currency: 'EUR', payoutCurrency: 'EUR' });
    expect(result.lines[0].fxRate).toBeUndefined();
    expect(result.lines[0].explanation).toEqual({
      planVersion: 3,
      rule: { ruleId: 'signup-cpa', planRuleId: 'signup-cpa', type: 'flat', termsSource: 'program_default', tier: null },
      inputs: { conversionType: 'signup', conversionAmount: null, occurredAt: '2026-03-15T12:00:00.000Z', partnerTier: null, flatAmount: '5.00 EUR' },
      steps: ['rule "signup-cpa" with the terms of the program default; no recurring limit', 'flat 5.00 EUR per signup'],
    });
    expect(skips(result)).toEqual([['sale-revshare', 'event_not_covered'], ['ftd', 'event_not_covered']]);
  });

  it('takes a percentage of the amount, rounding half to even once', () => {
    const sale = (amountMinor: bigint) => payouts(computeCommissions(inputFor(plan, { conversion: { amountMinor } })));
    expect(sale(4_999n)).toEqual([['ptn_a', 'sale-revshare', 500n]]); // 4.999 → 5.00
    expect(sale(25n)).toEqual([['ptn_a', 'sale-revshare', 2n]]); // 0.025 → 0.02 (tie, to even)
    expect(sale(35n)).toEqual([['ptn_a', 'sale-revshare', 4n]]); // 0.035 → 0.04 (tie, to even)
    const steps = computeCommissions(inputFor(plan, { conversion: { amountMinor: 4_999n } })).lines[0].explanation.steps;
    expect(steps.at(-1)).toBe('10% of 49.99 EUR = 4.999 EUR → 5.00 EUR (half-even)');
  });

  it('applies category rates to the category lines and the rule rate to the rest, summed before the one rounding', () => {
    const lines = [{ category: 'books', amountMinor: 3_333n }, { category: 'games', amountMinor: 2_000n }];
    const result = computeCommissions(inputFor(plan, { conversion: { amountMinor: 10_000n, lines } }));
    // books 33.33 × 5% = 1.6665; the other 66.67 × 10% = 6.667; 8.3335 → 8.33 (rounding each part would give 8.34)
    expect(payouts(result)).toEqual([['ptn_a', 'sale-revshare', 833n]]);
    expect(result.lines[0].explanation.steps.slice(1)).toEqual([
      'category books: 5% of 33.33 EUR = 1.6665 EUR',
      'rest of the amount: 10% of 66.67 EUR = 6.667 EUR',
      'together 8.3335 EUR → 8.33 EUR (rounded half-even, once)',
    ]);
  });

  it('pays a hybrid as two lines with their own rule ids', () => {
    const result = computeCommissions(inputFor(plan, { conversion: { type: 'deposit', amountMinor: 20_000n } }));
    expect(payouts(result)).toEqual([['ptn_a', 'ftd/flat', 10_000n], ['ptn_a', 'ftd/percentage', 400n]]);
    expect(result.lines.map((line) => [line.kind, line.explanation.rule.type, line.explanation.rule.planRuleId])).toEqual([
      ['flat', 'hybrid', 'ftd'],
      ['percentage', 'hybrid', 'ftd'],
    ]);
  });

  it('explains a percentage rule on an event without an amount as skipped', () => {
    const result = computeCommissions(inputFor(plan, { conversion: { type: 'deposit', amountMinor: null, currency: null } }));
    expect(payouts(result)).toEqual([['ptn_a', 'ftd/flat', 10_000n]]);
    expect(skips(result)).toContainEqual(['ftd/percentage', 'no_amount']);
  });

  it('refuses refunds, chargebacks and negative amounts: those go through reverseCommission', () => {
    expect(() => computeCommissions(inputFor(plan, { conversion: { type: 'refund' } }))).toThrow(DomainError);
    expect(() => computeCommissions(inputFor(plan, { conversion: { amountMinor: -1n } }))).toThrow(/cannot be negative/);
  });
});

describe('computeCommissions: precedence, tiers and recurring limits', () => {
  const plan = planOf({
    currency: 'EUR',
    tiers: ['silver', 'gold'],
    rules: [
      { id: 'rev', type: 'percentage', events: ['sale', 'renewal'], rate: '10', byTier: { gold: { rate: '12' } }, recurring: { type: 'months', months: 12 } },
      { id: 'gold-bonus', type: 'flat', events: ['sale'], amount: '3', onlyTiers: ['gold'] },
      { id: 'first-three', type: 'flat', events: ['renewal'], amount: '1', recurring: { type: 'count', count: 3 } },
    ],
  });
  const rateFor = (partner: InputChanges['partner']) => {
    const line = computeCommissions(inputFor(plan, { partner })).lines[0];
    return [line.payoutAmountMinor, line.explanation.rule.termsSource, line.explanation.rule.tier];
  };

  it('uses the partner override over the tier over the program default, and says which applied', () => {
    expect(rateFor({ tier: 'gold', overrides: { rev: { type: 'percentage', rate: '15' } } })).toEqual([1_500n, 'partner_override', 'gold']);
    expect(rateFor({ tier: 'gold' })).toEqual([1_200n, 'tier', 'gold']);
    expect(rateFor({ tier: 'silver' })).toEqual([1_000n, 'program_default', 'silver']);
    expect(rateFor({ tier: 'platinum' })).toEqual([1_000n, 'program_default', 'platinum']);
  });

  it('pays tier bonuses only to partners in the tier', () => {
    expect(payouts(computeCommissions(inputFor(plan, { partner: { tier: 'gold' } })))).toContainEqual(['ptn_a', 'gold-bonus', 300n]);
    const silver = computeCommissions(inputFor(plan, { partner: { tier: 'silver' } }));
    expect(silver.skipped).toContainEqual({ partnerId: 'ptn_a', ruleId: 'gold-bonus', reason: 'tier_not_eligible', message: "pays only tiers gold; the partner's tier is silver" });
  });

  it('stops recurring commissions after the months or the count from the customer\'s first commission', () => {
    const renewal = (occurredAt: string, commissionCount: number) =>
      computeCommissions(
        inputFor(plan, { conversion: { type: 'renewal', occurredAt: new Date(occurredAt), customer: { firstCommissionAt: new Date('2025-03-31T10:00:00Z'), commissionCount } } }),
      );
    // 12 months from 31 March 2025 end on 31 March 2026, 10:00 UTC.
    expect(payouts(renewal('2026-03-31T09:59:59Z', 2))).toEqual([['ptn_a', 'rev', 1_000n], ['ptn_a', 'first-three', 100n]]);
    const late = renewal('2026-03-31T10:00:00Z', 3);
    expect(payouts(late)).toEqual([]);
    expect(late.skipped.filter((skip) => skip.reason === 'recurring_over').map((skip) => skip.message)).toEqual([
      "recurring period over: 12 months from the customer's first commission (2025-03-31T10:00:00.000Z) ended 2026-03-31T10:00:00.000Z",
      'recurring limit reached: the customer already earned 3 commissions (limit 3)',
    ]);
  });
});

describe('computeCommissions: caps and currencies', () => {
  const plan = planOf({
    currency: 'EUR',
    rules: [
      { id: 'rev', type: 'percentage', events: ['sale'], rate: '10' },
      { id: 'cpa', type: 'flat', events: ['sale'], amount: '10' },
    ],
    caps: { perConversion: '20.00', perPartnerPerPeriod: '1000.00' },
  });

  it('cuts the later rules first when a cap is reached', () => {
    const result = computeCommissions(inputFor(plan, { conversion: { amountMinor: 15_000n } }));
    expect(payouts(result)).toEqual([['ptn_a', 'rev', 1_500n], ['ptn_a', 'cpa', 500n]]);
    expect(result.lines[1].explanation.steps.at(-1)).toBe('per-conversion cap 20.00 EUR leaves 5.00 EUR: 10.00 EUR cut to 5.00 EUR');
    const capped = computeCommissions(inputFor(plan, { conversion: { amountMinor: 15_000n }, period: { commissionMinor: 99_000n } }));
    expect(payouts(capped)).toEqual([['ptn_a', 'rev', 1_000n]]);
    expect(skips(capped)).toEqual([['cpa', 'cap_reached']]);
  });

  it('computes in the conversion currency and converts once, half-even, at the snapshot rate', () => {
    const result = computeCommissions(inputFor(plan, { conversion: { amountMinor: 12_345n, currency: 'USD' }, fx: FX, period: { commissionMinor: 0n } }));
    // 10% of 123.45 USD = 12.345 → 12.34 USD (tie, to even); × 0.9234 = 11.394756 → 11.39 EUR
    expect(result.lines[0]).toMatchObject({ amountMinor: 1_234n, currency: 'USD', payoutAmountMinor: 1_139n, fxRate: { from: 'USD', to: 'EUR', rate: '0.9234' } });
    expect(result.lines[0].explanation.steps.at(-1)).toBe('converted at 1 USD = 0.9234 EUR (rates of 2026-03-15T00:00:00Z): 12.34 USD → 11.39 EUR (half-even)');
    const yen = computeCommissions(inputFor(plan, { conversion: { amountMinor: 1_234n, currency: 'JPY' }, fx: FX }));
    // 10% of 1234 JPY = 123.4 → 123 JPY; × 0.0061 = 0.7503 → 0.75 EUR
    expect(yen.lines[0]).toMatchObject({ amountMinor: 123n, currency: 'JPY', payoutAmountMinor: 75n });
  });

  it('scales a capped foreign-currency line in proportion and fails clearly without a rate', () => {
    const result = computeCommissions(inputFor(plan, { conversion: { amountMinor: 25_000n, currency: 'USD' }, fx: FX }));
    // 10% of 250.00 USD = 25.00 USD → 23.08 EUR (23.085, tie to even), capped at 20.00 EUR; 25.00 × 2000 / 2308 = 21.6638 → 21.66 USD
    expect(result.lines[0]).toMatchObject({ amountMinor: 2_166n, payoutAmountMinor: 2_000n });
    expect(skips(result)).toEqual([['cpa', 'cap_reached']]);
    expect(() => computeCommissions(inputFor(plan, { conversion: { currency: 'GBP' }, fx: FX }))).toThrow(MissingFxRateError);
  });

  it('lists a line that comes to zero as skipped, not as a commission', () => {
    const zero = planOf({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '0' }] });
    const result = computeCommissions(inputFor(zero));
    expect(result.lines).toEqual([]);
    expect(skips(result)).toEqual([['rev', 'zero_amount']]);
  });
});

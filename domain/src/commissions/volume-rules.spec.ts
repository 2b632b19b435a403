import { computeCommissions } from './commission.engine';
import { inputFor, payouts, planOf, skips } from './commission.fixtures';

const bandsPlan = (measure: 'count' | 'revenue', mode: 'band' | 'retroactive', bands: { from: string | number; rate?: string; amount?: string }[]) =>
  planOf({ currency: 'EUR', rules: [{ id: 'v', type: 'volume_bands', events: ['sale'], measure, mode, bands }] });

const saleAfter = (count: number, revenueMinor: bigint, amountMinor = 10_000n, currency = 'EUR') =>
  ({
    conversion: { amountMinor, currency },
    period: { byType: { sale: { count, revenueMinor } }, commissionMinor: 0n },
    fx: { asOf: '2026-03-15T00:00:00Z', to: 'EUR', rates: { USD: '0.9234' } },
  }) as const;

describe('volume bands by count', () => {
  const bands = [{ from: 1, rate: '5' }, { from: 11, rate: '7' }, { from: 21, rate: '10' }];

  it('band mode pays each conversion at the band of its ordinal in the period', () => {
    const plan = bandsPlan('count', 'band', bands);
    expect(payouts(computeCommissions(inputFor(plan, saleAfter(9, 90_000n))))).toEqual([['ptn_a', 'v', 500n]]);
    const eleventh = computeCommissions(inputFor(plan, saleAfter(10, 100_000n)));
    expect(payouts(eleventh)).toEqual([['ptn_a', 'v', 700n]]);
    expect(eleventh.lines[0].explanation.steps.slice(1)).toEqual([
      'this is sale number 11 of the period',
      'band 2 (from conversion 11: 7%): 7% of 100.00 EUR = 7.00 EUR → 7.00 EUR (half-even)',
    ]);
  });

  it('retroactive mode re-prices the earlier revenue of the period when a higher band is reached', () => {
    const plan = bandsPlan('count', 'retroactive', bands);
    const eleventh = computeCommissions(inputFor(plan, saleAfter(10, 100_000n)));
    // 7% of 100.00, and (7% − 5%) of the 1000.00 sold before = 20.00
    expect(payouts(eleventh)).toEqual([['ptn_a', 'v', 700n], ['ptn_a', 'v/top-up', 2_000n]]);
    expect(eleventh.lines[1].kind).toBe('band_top_up');
    expect(payouts(computeCommissions(inputFor(plan, saleAfter(11, 110_000n))))).toEqual([['ptn_a', 'v', 700n]]);
  });

  it('flat bands pay an amount per conversion; retroactively, the difference for each earlier conversion', () => {
    const plan = bandsPlan('count', 'retroactive', [{ from: 1, amount: '200' }, { from: 11, amount: '250' }]);
    // 250.00, and 50.00 more for each of the 10 earlier sales
    expect(payouts(computeCommissions(inputFor(plan, saleAfter(10, 0n))))).toEqual([['ptn_a', 'v', 25_000n], ['ptn_a', 'v/top-up', 50_000n]]);
  });
});

describe('volume bands by revenue', () => {
  const bands = [{ from: '0', rate: '5' }, { from: '1000', rate: '10' }];

  it('band mode pays each slice of the conversion at its own band, rounded once', () => {
    // 900.00 before, 300.00 now: 100.00 at 5% + 200.00 at 10% = 25.00
    expect(payouts(computeCommissions(inputFor(bandsPlan('revenue', 'band', bands), saleAfter(3, 90_000n, 30_000n))))).toEqual([['ptn_a', 'v', 2_500n]]);
  });

  it('finds the slices in the plan currency and applies the blended rate to the amount in its own currency', () => {
    const result = computeCommissions(inputFor(bandsPlan('revenue', 'band', bands), saleAfter(3, 90_000n, 30_000n, 'USD')));
    // 300.00 USD = 277.02 EUR: 100.00 EUR at 5%, 177.02 EUR at 10%, a blend of 8.1951…%
    // 300.00 USD × 2 270 200 000 / (27 702 × 1 000 000) = 24.585… → 24.59 USD → × 0.9234 = 22.706406 → 22.71 EUR
    expect(result.lines[0]).toMatchObject({ amountMinor: 2_459n, currency: 'USD', payoutAmountMinor: 2_271n });
  });

  it('retroactive mode pays the reached band on this conversion and tops up the earlier revenue', () => {
    const result = computeCommissions(inputFor(bandsPlan('revenue', 'retroactive', bands), saleAfter(3, 90_000n, 30_000n)));
    // 10% of 300.00 = 30.00; 5% more on the 900.00 before = 45.00
    expect(payouts(result)).toEqual([['ptn_a', 'v', 3_000n], ['ptn_a', 'v/top-up', 4_500n]]);
  });

  it('has nothing to top up when the first conversion of the period jumps bands', () => {
    const result = computeCommissions(inputFor(bandsPlan('revenue', 'retroactive', bands), saleAfter(0, 0n, 150_000n)));
    expect(payouts(result)).toEqual([['ptn_a', 'v', 15_000n]]);
    expect(skips(result)).toEqual([['v/top-up', 'no_top_up']]);
  });
});

describe('milestone bonuses', () => {
  const plan = planOf({
    currency: 'EUR',
    rules: [
      { id: 'tenth', type: 'milestone_bonus', events: ['sale'], measure: 'count', milestones: [{ at: 10, amount: '50' }, { at: 25, amount: '100' }] },
      { id: 'revenue', type: 'milestone_bonus', events: ['sale'], measure: 'revenue', milestones: [{ at: '1000', amount: '20' }, { at: '2000', amount: '40' }] },
    ],
  });

  it('pays the bonus with the conversion that reaches the milestone, once', () => {
    expect(payouts(computeCommissions(inputFor(plan, saleAfter(9, 0n))))).toEqual([['ptn_a', 'tenth/at-10', 5_000n]]);
    const eleventh = computeCommissions(inputFor(plan, saleAfter(10, 0n)));
    expect(payouts(eleventh)).toEqual([]);
    expect(eleventh.skipped.map((skip) => skip.message)).toEqual([
      'the period total is 11 with this conversion; milestones at 10, 25',
      'the period total is 100.00 EUR with this conversion; milestones at 1000, 2000',
    ]);
  });

  it('pays every milestone a large conversion crosses', () => {
    expect(payouts(computeCommissions(inputFor(plan, saleAfter(3, 90_000n, 120_000n))))).toEqual([
      ['ptn_a', 'revenue/at-1000', 2_000n],
      ['ptn_a', 'revenue/at-2000', 4_000n],
    ]);
  });
});

import { computeCommissions } from './commission.engine';
import { inputFor, payouts, planOf, skips } from './commission.fixtures';

const trade = (lines: { instrument: string; lots: string }[], amountMinor: bigint | null = null) => ({
  conversion: { type: 'trade' as const, amountMinor, currency: amountMinor === null ? null : 'USD', lines },
});

describe('Forex IB lot-based rebates', () => {
  const plan = planOf({ currency: 'USD', rules: [{ id: 'rebate', type: 'per_lot', byInstrument: { EURUSD: '7.00', XAUUSD: '10.00' } }] });

  it('pays lots × the instrument rate, and explains instruments without a rate', () => {
    const result = computeCommissions(
      inputFor(plan, trade([{ instrument: 'EURUSD', lots: '1.5' }, { instrument: 'XAUUSD', lots: '0.33' }, { instrument: 'US30', lots: '1' }])),
    );
    // 1.5 × 7.00 + 0.33 × 10.00 = 13.80
    expect(payouts(result)).toEqual([['ptn_a', 'rebate', 1_380n]]);
    expect(result.lines[0].explanation.steps.slice(1)).toEqual([
      'EURUSD: 1.5 lots × 7.00 USD = 10.50 USD',
      'XAUUSD: 0.33 lots × 10.00 USD = 3.30 USD',
      'US30: no per-lot rate, 1 lots earn nothing',
      '13.80 USD → 13.80 USD (rounded half-even, once)',
    ]);
  });

  it('sums exact products of share-scaled lots before the one rounding', () => {
    // a third of 0.01 lot on each: 0.02333331 + 0.0333333 = 0.05666661 → 0.06 (rounding each line would give 0.05)
    const result = computeCommissions(inputFor(plan, trade([{ instrument: 'EURUSD', lots: '0.00333333' }, { instrument: 'XAUUSD', lots: '0.00333333' }])));
    expect(payouts(result)).toEqual([['ptn_a', 'rebate', 6n]]);
  });

  it('skips a trade with no instrument it has a rate for', () => {
    expect(skips(computeCommissions(inputFor(plan, trade([{ instrument: 'US30', lots: '1' }]))))).toEqual([['rebate', 'no_matching_lines']]);
  });
});

describe('multi-tier IB overrides', () => {
  const plan = planOf({
    currency: 'USD',
    rules: [
      { id: 'rebate', type: 'per_lot', byInstrument: { EURUSD: '7.00' } },
      {
        id: 'masters',
        type: 'ib_override',
        levels: [
          { type: 'per_lot', perLot: '2.00' },
          { type: 'percentage_of_commission', rate: '10' },
          { type: 'percentage_of_amount', rate: '0.5' },
        ],
      },
    ],
  });
  const eurusd = trade([{ instrument: 'EURUSD', lots: '1.5' }], 4_000n);

  it('pays each master up the chain what its level says, with its own business key', () => {
    const result = computeCommissions(inputFor(plan, { ...eurusd, upline: ['ptn_m1', 'ptn_m2', 'ptn_m3', 'ptn_m4'] }));
    // own 1.5 × 7.00 = 10.50; level 1: 1.5 × 2.00 = 3.00; level 2: 10% of 10.50 = 1.05; level 3: 0.5% of 40.00 = 0.20
    expect(payouts(result)).toEqual([
      ['ptn_a', 'rebate', 1_050n],
      ['ptn_m1', 'masters/level-1', 300n],
      ['ptn_m2', 'masters/level-2', 105n],
      ['ptn_m3', 'masters/level-3', 20n],
    ]);
    expect(result.lines[2].explanation.inputs).toMatchObject({ level: 2, subPartnerId: 'ptn_a' });
  });

  it('explains the levels that have no master', () => {
    const result = computeCommissions(inputFor(plan, { ...eurusd, upline: ['ptn_m1'] }));
    expect(payouts(result).map(([partner]) => partner)).toEqual(['ptn_a', 'ptn_m1']);
    expect(skips(result)).toEqual([['masters/level-2', 'no_upline'], ['masters/level-3', 'no_upline']]);
  });

  it('gives a master a share of the commission after the partner\'s cap', () => {
    const capped = planOf({ ...plan, caps: { perConversion: '5.00' } });
    const result = computeCommissions(inputFor(capped, { ...eurusd, upline: ['ptn_m1', 'ptn_m2'] }));
    expect(payouts(result)).toEqual([
      ['ptn_a', 'rebate', 500n],
      ['ptn_m1', 'masters/level-1', 300n],
      ['ptn_m2', 'masters/level-2', 50n],
    ]);
  });
});

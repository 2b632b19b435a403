import { computeCommissions } from './commission.engine';
import { inputFor, planOf } from './commission.fixtures';
import { MissingFxRateError } from './fx-conversion';
import { canonicalRate, effectiveFxRate, fxRateBatchSchema, fxSnapshotOf, type StoredFxRate } from './fx-rate-table';

const rate = (id: string, programId: string | null, value: string, effectiveFrom: string, base = 'USD', quote = 'EUR'): StoredFxRate => ({
  id,
  programId,
  base,
  quote,
  rate: value,
  effectiveFrom: new Date(effectiveFrom),
});

describe('the FX rate table', () => {
  const table = [
    rate('fxr_g1', null, '0.90', '2026-01-01T00:00:00Z'),
    rate('fxr_g2', null, '0.95', '2026-04-01T00:00:00Z'),
    rate('fxr_p1', 'prg_1', '0.92', '2026-03-01T00:00:00Z'),
    rate('fxr_gbp', null, '1.17', '2026-01-01T00:00:00Z', 'GBP'),
  ];

  it("picks the program's latest rate effective at the time, else the latest global one", () => {
    expect(effectiveFxRate(table, 'USD', 'EUR', new Date('2026-02-15T00:00:00Z'))?.id).toBe('fxr_g1');
    expect(effectiveFxRate(table, 'USD', 'EUR', new Date('2026-03-01T00:00:00Z'))?.id).toBe('fxr_p1'); // effective from that instant on
    // the program's own rate wins over a newer global one
    expect(effectiveFxRate(table, 'USD', 'EUR', new Date('2026-05-01T00:00:00Z'))?.id).toBe('fxr_p1');
    expect(effectiveFxRate(table.filter((r) => r.programId === null), 'USD', 'EUR', new Date('2026-05-01T00:00:00Z'))?.id).toBe('fxr_g2');
    expect(effectiveFxRate(table, 'USD', 'EUR', new Date('2025-12-31T23:59:59.999Z'))).toBeNull();
    // direct rates only: EUR→USD is not inferred from USD→EUR
    expect(effectiveFxRate(table, 'EUR', 'USD', new Date('2026-05-01T00:00:00Z'))).toBeNull();
  });

  it('prices a commission at the effective rate and names its id and effective date in the explanation', () => {
    const plan = planOf({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '10' }] });
    const chosen = effectiveFxRate(table, 'USD', 'EUR', new Date('2026-03-15T12:00:00Z'))!;
    const [line] = computeCommissions(inputFor(plan, { conversion: { amountMinor: 12_345n, currency: 'USD' }, fx: fxSnapshotOf(chosen) })).lines;
    // 10% of 123.45 USD = 12.345 → 12.34 USD (half-even); × 0.92 = 11.3528 → 11.35 EUR
    expect(line).toMatchObject({ amountMinor: 1_234n, payoutAmountMinor: 1_135n, fxRate: { rate: '0.92', snapshotId: 'fxr_p1', asOf: '2026-03-01T00:00:00.000Z' } });
    expect(line.explanation.inputs).toMatchObject({ fxRate: '1 USD = 0.92 EUR', fxRateId: 'fxr_p1', fxRateEffectiveFrom: '2026-03-01T00:00:00.000Z' });
    expect(line.explanation.steps.at(-1)).toBe('converted at 1 USD = 0.92 EUR (rate fxr_p1 effective from 2026-03-01T00:00:00.000Z): 12.34 USD → 11.35 EUR (half-even)');
  });

  it('without a rate, refuses to price and says which rate to add for which instant', () => {
    const plan = planOf({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '10' }] });
    const attempt = () => computeCommissions(inputFor(plan, { conversion: { currency: 'USD' } }));
    expect(attempt).toThrow(MissingFxRateError);
    expect(attempt).toThrow('no FX rate from USD to EUR effective at 2026-03-15T12:00:00.000Z: add a USD→EUR rate effective from then or earlier');
    // a flat rule pays in the plan currency: no rate is needed for it
    const flat = planOf({ currency: 'EUR', rules: [{ id: 'cpa', type: 'flat', events: ['sale'], amount: '5' }] });
    expect(computeCommissions(inputFor(flat, { conversion: { currency: 'USD' } })).lines.map((l) => l.payoutAmountMinor)).toEqual([500n]);
  });
});

describe('rate batches', () => {
  it('keeps rates as canonical exact text', () => {
    expect(['0012.50', '0.92340', '3.000', '0.5', '7'].map(canonicalRate)).toEqual(['12.5', '0.9234', '3', '0.5', '7']);
    const parsed = fxRateBatchSchema.parse({ rates: [{ base: 'usd', quote: ' eur', rate: '0.923400', effectiveFrom: '2026-03-01T00:00:00+01:00' }] });
    expect(parsed.rates).toEqual([{ base: 'USD', quote: 'EUR', rate: '0.9234', effectiveFrom: '2026-03-01T00:00:00+01:00' }]);
  });

  it('answers field-level errors for every bad rate', () => {
    const result = fxRateBatchSchema.safeParse({
      rates: [
        { base: 'USD', quote: 'EUR', rate: '0.9', effectiveFrom: '2026-03-01T00:00:00Z' },
        { base: 'USD', quote: 'USD', rate: '1', effectiveFrom: '2026-03-01T00:00:00Z' },
        { base: 'USD', quote: 'EUR', rate: 0.9, effectiveFrom: 'yesterday' },
        { base: 'USD', quote: 'EUR', rate: '0', effectiveFrom: '2026-03-01T00:00:00Z' },
        { base: 'USD', quote: 'EUR', rate: '1e3', effectiveFrom: '2026-03-01T00:00:00Z' },
        { base: 'US', quote: 'EUR', rate: '1', effectiveFrom: '2026-03-01T00:00:00Z', note: 'x' },
      ],
    });
    const paths = result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(paths.sort()).toEqual(['rates.1.quote', 'rates.2.effectiveFrom', 'rates.2.rate', 'rates.3.rate', 'rates.4.rate', 'rates.5', 'rates.5.base']);
    expect(fxRateBatchSchema.safeParse({ rates: [] }).success).toBe(false);
  });

  it('refuses two rates for the same pair and instant in one batch', () => {
    const result = fxRateBatchSchema.safeParse({
      rates: [
        { base: 'USD', quote: 'EUR', rate: '0.9', effectiveFrom: '2026-03-01T00:00:00Z' },
        { base: 'GBP', quote: 'EUR', rate: '1.1', effectiveFrom: '2026-03-01T00:00:00Z' },
        { base: 'USD', quote: 'EUR', rate: '0.91', effectiveFrom: '2026-03-01T01:00:00+01:00' },
      ],
    });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['rates', 2, 'effectiveFrom'], message: 'rates.0 already sets USD→EUR from this instant' })]);
  });
});

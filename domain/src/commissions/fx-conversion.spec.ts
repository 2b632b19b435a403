import { divideRoundHalfEven } from './exact-arithmetic';
import { convertMinor, fxRateFor, fxSnapshotSchema, inverseRate, MissingFxRateError } from './fx-conversion';

describe('exact rounding', () => {
  it('rounds half to even, symmetrically around zero', () => {
    expect([25n, 35n, 26n, 24n, -25n, -35n, -26n].map((value) => divideRoundHalfEven(value, 10n))).toEqual([2n, 4n, 3n, 2n, -2n, -4n, -3n]);
    expect(divideRoundHalfEven(7n, -2n)).toBe(-4n);
    expect(() => divideRoundHalfEven(1n, 0n)).toThrow(RangeError);
  });
});

describe('FX conversion', () => {
  const snapshot = fxSnapshotSchema.parse({ id: 'fx_1', asOf: '2026-03-15T00:00:00Z', to: 'eur', rates: { usd: '0.9234', JPY: '0.0061', KWD: '2.9876' } });

  it('converts between minor units of currencies with different exponents, rounding once half-even', () => {
    expect(convertMinor(1_234n, 'USD', 'EUR', '0.9234')).toBe(1_139n); // 11.394756
    expect(convertMinor(2_500n, 'USD', 'EUR', '0.9234')).toBe(2_308n); // 23.085 → tie, to even
    expect(convertMinor(123n, 'JPY', 'EUR', '0.0061')).toBe(75n); // 0.7503
    expect(convertMinor(1_500n, 'KWD', 'EUR', '2.9876')).toBe(448n); // 1.500 KWD = 4.4814 EUR
    expect(convertMinor(1_000n, 'EUR', 'JPY', '161.23')).toBe(1_612n); // 10.00 EUR = 1612.3 JPY
    expect(convertMinor(-1_234n, 'USD', 'EUR', '0.9234')).toBe(-1_139n);
  });

  it('reads rates from the snapshot, and refuses to guess one it does not have', () => {
    expect(fxRateFor(snapshot, 'USD', 'EUR')).toEqual({ from: 'USD', to: 'EUR', rate: '0.9234', asOf: '2026-03-15T00:00:00Z', snapshotId: 'fx_1' });
    expect(() => fxRateFor(snapshot, 'GBP', 'EUR')).toThrow(MissingFxRateError);
    expect(() => fxRateFor(snapshot, 'USD', 'GBP')).toThrow('no FX rate from USD to GBP in the snapshot: add it to the rate table');
    expect(() => fxRateFor(undefined, 'USD', 'EUR')).toThrow(MissingFxRateError);
  });

  it('accepts only positive exact decimal rates', () => {
    for (const rate of ['0', '0.000', '-1', '1e3', '1,5', '']) {
      expect(fxSnapshotSchema.safeParse({ asOf: '2026-03-15T00:00:00Z', to: 'EUR', rates: { USD: rate } }).success).toBe(false);
    }
  });

  it('converts back with the exact inverse rate', () => {
    expect(inverseRate('0.8')).toEqual({ numerator: 10n, denominator: 8n });
    expect(convertMinor(convertMinor(10_000n, 'USD', 'EUR', '0.8'), 'EUR', 'USD', inverseRate('0.8'))).toBe(10_000n);
  });
});

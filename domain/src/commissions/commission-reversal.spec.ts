import { reverseCommission, type ReversibleLine } from './commission-reversal';

const line = (amountMinor: bigint, payoutAmountMinor = amountMinor, currency = 'EUR'): ReversibleLine => ({
  conversionId: 'cnv_1',
  partnerId: 'ptn_a',
  ruleId: 'sale-revshare',
  kind: 'percentage',
  amountMinor,
  currency,
  payoutAmountMinor,
  payoutCurrency: 'EUR',
  ...(currency === 'EUR' ? {} : { fxRate: { from: currency, to: 'EUR', rate: '0.9234', asOf: '2026-03-15T00:00:00Z' } }),
});

describe('reverseCommission', () => {
  it('reverses a full refund exactly and points at the line it reverses', () => {
    const reversal = reverseCommission(line(1_000n), -10_000n, 10_000n);
    expect(reversal).toMatchObject({ amountMinor: -1_000n, payoutAmountMinor: -1_000n, currency: 'EUR', payoutCurrency: 'EUR' });
    expect(reversal.reverses).toEqual({ conversionId: 'cnv_1', partnerId: 'ptn_a', ruleId: 'sale-revshare' });
  });

  it('reverses partial refunds pro rata from the cumulative refund, so they add up to exactly the line', () => {
    // 10.00 on a 100.00 sale, refunded 33.33 three times and 0.01 at last: 3.33, 3.34, 3.33 then what remains
    const first = reverseCommission(line(1_000n), 3_333n, 10_000n, 0n);
    const second = reverseCommission(line(1_000n), 3_333n, 10_000n, 3_333n);
    const third = reverseCommission(line(1_000n), 3_333n, 10_000n, 6_666n);
    const last = reverseCommission(line(1_000n), 1n, 10_000n, 9_999n);
    expect([first, second, third, last].map((reversal) => reversal.payoutAmountMinor)).toEqual([-333n, -334n, -333n, 0n]);
    expect(third.steps[0]).toBe("refunded 6666 → 9999 of the conversion's 10000 minor units");
  });

  it('keeps the rate actually applied: both amounts are pro-rated from the original line, not re-converted', () => {
    // 12.34 USD paid as 11.39 EUR; refunding 61.72 of 123.45 USD takes back 6.17 USD and 5.69 EUR
    const reversal = reverseCommission(line(1_234n, 1_139n, 'USD'), 6_172n, 12_345n);
    expect(reversal).toMatchObject({ amountMinor: -617n, currency: 'USD', payoutAmountMinor: -569n, payoutCurrency: 'EUR' });
    expect(reversal.steps.at(-1)).toBe('reverses 6.17 USD (5.69 EUR at the original rate 0.9234)');
  });

  it('reverses nothing beyond the original amount and everything of an event without an amount', () => {
    expect(reverseCommission(line(1_000n), 500n, 10_000n, 10_000n).payoutAmountMinor).toBe(0n);
    expect(reverseCommission(line(1_000n), 50_000n, 10_000n).payoutAmountMinor).toBe(-1_000n);
    expect(reverseCommission(line(500n), 0n, 0n).payoutAmountMinor).toBe(-500n);
  });
});

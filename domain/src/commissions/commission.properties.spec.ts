import fc from 'fast-check';
import { currencyExponent } from '../money/currency';
import { bandsArb, CURRENCIES, FX, inputArb, planArb } from './commission.arbitraries';
import { computeCommissions } from './commission.engine';
import { commissionPlanSchema } from './commission-plan.schema';
import { parseAmount } from '../money/money';
import { reverseCommission } from './commission-reversal';
import { commissionExplanationSchema, type CommissionInput } from './commission.types';
import { decimalToRatio } from './exact-arithmetic';
import { convertMinor, inverseRate } from './fx-conversion';
import { inputFor } from './commission.fixtures';

const abs = (value: bigint) => (value < 0n ? -value : value);
const ownPayout = (input: CommissionInput) =>
  computeCommissions(input)
    .lines.filter((line) => line.partnerId === input.partner.id)
    .reduce((sum, line) => sum + line.payoutAmountMinor, 0n);

describe('computeCommissions: properties', () => {
  it('holds every amount as bigint, explains every line in plain JSON, and is deterministic', () => {
    fc.assert(
      fc.property(inputArb(), (input) => {
        const result = computeCommissions(input);
        for (const line of result.lines) {
          expect([typeof line.amountMinor, typeof line.payoutAmountMinor]).toEqual(['bigint', 'bigint']);
          expect(line.payoutAmountMinor > 0n).toBe(true);
          expect(line.payoutCurrency).toBe('EUR');
          expect(commissionExplanationSchema.parse(JSON.parse(JSON.stringify(line.explanation)))).toEqual(line.explanation);
        }
        const keys = result.lines.map((line) => `${line.partnerId}|${line.ruleId}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(computeCommissions(input)).toEqual(result);
      }),
    );
  });

  it('never pays the converting partner more than a cap allows', () => {
    fc.assert(
      fc.property(inputArb(), (input) => {
        const paid = ownPayout(input);
        const { perConversion, perPartnerPerPeriod } = input.plan.caps;
        if (perConversion !== undefined) expect(paid <= parseAmount(perConversion, 'EUR')).toBe(true);
        if (perPartnerPerPeriod !== undefined) {
          const room = parseAmount(perPartnerPerPeriod, 'EUR') - input.period.commissionMinor;
          expect(paid <= (room > 0n ? room : 0n)).toBe(true);
        }
      }),
    );
  });

  it('pays at least as much in retroactive mode as in band mode for the same period', () => {
    const bandsCase = fc
      .record({ measure: fc.constantFrom('count' as const, 'revenue' as const), paysRate: fc.boolean() })
      .chain(({ measure, paysRate }) => fc.record({ measure: fc.constant(measure), bands: bandsArb(measure, paysRate) }));
    fc.assert(
      fc.property(bandsCase, inputArb(), ({ measure, bands }, base) => {
        const planIn = (mode: string) =>
          commissionPlanSchema.parse({ currency: 'EUR', rules: [{ id: 'v', type: 'volume_bands', events: ['sale'], measure, mode, bands }] });
        const sale = { ...base.conversion, type: 'sale' as const };
        const retroactive = ownPayout({ ...base, plan: planIn('retroactive'), conversion: sale });
        const marginal = ownPayout({ ...base, plan: planIn('band'), conversion: sale });
        expect(retroactive >= marginal).toBe(true);
      }),
    );
  });
});

describe('reverseCommission: properties', () => {
  const refundsArb = fc.array(fc.bigInt({ min: 0n, max: 5_000_000n }), { maxLength: 8 });

  it('never reverses more than the line, and reverses exactly the line once the whole amount is refunded', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.bigInt({ min: 0n, max: 10_000_000n }), fc.bigInt({ min: 1n, max: 10_000_000n }), refundsArb, (amount, payout, original, refunds) => {
        const line = { conversionId: 'c', partnerId: 'p', ruleId: 'r', kind: 'percentage' as const, amountMinor: amount, currency: 'USD', payoutAmountMinor: payout, payoutCurrency: 'EUR' };
        let refunded = 0n;
        let reversedAmount = 0n;
        let reversedPayout = 0n;
        for (const refund of [...refunds, original]) {
          const reversal = reverseCommission(line, -refund, original, refunded);
          refunded += refund;
          reversedAmount += reversal.amountMinor;
          reversedPayout += reversal.payoutAmountMinor;
          expect(reversal.amountMinor <= 0n && reversal.payoutAmountMinor <= 0n).toBe(true);
          expect(-reversedAmount <= amount && -reversedPayout <= payout).toBe(true);
        }
        // The last refund always completes the original amount.
        expect([-reversedAmount, -reversedPayout]).toEqual([amount, payout]);
      }),
    );
  });
});

describe('FX conversion: properties', () => {
  const rateArb = fc
    .tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 999_999 }))
    .filter(([whole, fraction]) => whole > 0 || fraction > 0)
    .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, '0')}`);

  it('lands within half a minor unit of the exact product, and a round trip within ½ + ½ ÷ (rate × scale)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), rateArb, fc.constantFrom(...CURRENCIES), fc.constantFrom(...CURRENCIES), (amount, rate, from, to) => {
        const { numerator, denominator } = decimalToRatio(rate);
        const scaleFrom = 10n ** BigInt(currencyExponent(from));
        const scaleTo = 10n ** BigInt(currencyExponent(to));
        const converted = convertMinor(amount, from, to, rate);
        expect(2n * abs(converted * denominator * scaleFrom - amount * numerator * scaleTo) <= denominator * scaleFrom).toBe(true);
        const back = convertMinor(converted, to, from, inverseRate(rate));
        // |back − amount| ≤ ½ + ½ ÷ (rate × scaleTo ÷ scaleFrom)
        expect(2n * abs(back - amount) * numerator * scaleTo <= numerator * scaleTo + denominator * scaleFrom).toBe(true);
      }),
    );
  });

  it('agrees with the engine: a foreign-currency line is the converted conversion-currency line', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.constantFrom('USD', 'JPY', 'KWD'), (amountMinor, currency) => {
        const plan = commissionPlanSchema.parse({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '10' }] });
        const [line] = computeCommissions(inputFor(plan, { conversion: { amountMinor, currency }, fx: FX })).lines;
        if (!line) return;
        expect(line.payoutAmountMinor).toBe(convertMinor(line.amountMinor, currency, 'EUR', FX.rates[currency as keyof typeof FX.rates]));
      }),
    );
  });
});

describe('plans: properties', () => {
  it('generated plans survive a JSON round trip unchanged (what the config store keeps)', () => {
    fc.assert(fc.property(planArb, (plan) => expect(commissionPlanSchema.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan)));
  });
});

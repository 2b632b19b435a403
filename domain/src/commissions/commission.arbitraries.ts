import fc from 'fast-check';
import { formatAmount } from '../money/money';
import { lotUnitsAsText, ppmAsPercent } from './commission-rates';
import { commissionPlanSchema, type CommissionPlan, type CommissionPlanInput } from './commission-plan.schema';
import { inputFor } from './commission.fixtures';
import type { CommissionInput } from './commission.types';

/** Generators for the commission property specs: plans in EUR, and conversions in four currencies. */

export const CURRENCIES = ['EUR', 'USD', 'JPY', 'KWD'] as const;
export const FX = { asOf: '2026-03-15T00:00:00Z', to: 'EUR', rates: { USD: '0.9234', JPY: '0.0061', KWD: '2.9876' } };

export const eurText = (minor: bigint | number) => formatAmount(BigInt(minor), 'EUR');
/** A percentage as plan text from parts per million ("12.5"). */
export const percentText = (ppm: number) => ppmAsPercent(BigInt(ppm)).replace('%', '');

export const ppmArb = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, 50_000, 100_000, 125_000));
const centsArb = fc.integer({ min: 0, max: 1_000_000 });

/** Increasing starts and non-decreasing values, as retroactive mode requires. */
export function bandsArb(measure: 'count' | 'revenue', paysRate: boolean) {
  const start = measure === 'count' ? 1 : 0;
  return fc
    .uniqueArray(fc.integer({ min: start + 1, max: measure === 'count' ? 60 : 500_000 }), { maxLength: 4 })
    .chain((rest) => {
      const starts = [start, ...rest.sort((a, b) => a - b)];
      return fc.array(paysRate ? ppmArb : centsArb, { minLength: starts.length, maxLength: starts.length }).map((values) => {
        const sorted = [...values].sort((a, b) => a - b);
        return starts.map((from, index) => ({
          from: measure === 'count' ? String(from) : eurText(from),
          ...(paysRate ? { rate: percentText(sorted[index]) } : { amount: eurText(sorted[index]) }),
        }));
      });
    });
}

const ruleArb = fc.oneof(
  centsArb.map((cents) => ({ type: 'flat', events: ['sale', 'signup', 'deposit'], amount: eurText(cents) })),
  fc.record({ rate: ppmArb, books: ppmArb }).map(({ rate, books }) => ({ type: 'percentage', events: ['sale', 'renewal'], rate: percentText(rate), byCategory: { books: percentText(books) } })),
  fc.record({ rate: ppmArb, cents: centsArb }).map(({ rate, cents }) => ({ type: 'hybrid', events: ['deposit'], rate: percentText(rate), amount: eurText(cents) })),
  fc.record({ perLot: centsArb, gold: centsArb }).map(({ perLot, gold }) => ({ type: 'per_lot', perLot: eurText(perLot), byInstrument: { XAUUSD: eurText(gold) } })),
  fc
    .record({ measure: fc.constantFrom('count' as const, 'revenue' as const), mode: fc.constantFrom('band', 'retroactive'), paysRate: fc.boolean() })
    .chain(({ measure, mode, paysRate }) => bandsArb(measure, paysRate).map((bands) => ({ type: 'volume_bands', events: ['sale', 'deposit'], measure, mode, bands }))),
  fc.integer({ min: 1, max: 30 }).map((at) => ({ type: 'milestone_bonus', events: ['sale'], measure: 'count', milestones: [{ at, amount: '50' }] })),
  ppmArb.map((rate) => ({ type: 'ib_override', events: ['trade', 'sale'], levels: [{ type: 'percentage_of_commission', rate: percentText(rate) }, { type: 'per_lot', perLot: '1.00' }] })),
);

const capArb = fc.option(centsArb.map(eurText), { nil: undefined });

export const planArb: fc.Arbitrary<CommissionPlan> = fc
  .record({ rules: fc.array(ruleArb, { minLength: 1, maxLength: 5 }), perConversion: capArb, perPartnerPerPeriod: capArb })
  .map(({ rules, perConversion, perPartnerPerPeriod }) =>
    commissionPlanSchema.parse({
      currency: 'EUR',
      rules: rules.map((rule, index) => ({ ...rule, id: `rule-${index}` })),
      caps: { ...(perConversion ? { perConversion } : {}), ...(perPartnerPerPeriod ? { perPartnerPerPeriod } : {}) },
    } as CommissionPlanInput),
  );

export const amountArb = fc.oneof(fc.bigInt({ min: 0n, max: 10_000_000_000n }), fc.bigInt({ min: 0n, max: 1_000n }));

export function inputArb(planArbitrary: fc.Arbitrary<CommissionPlan> = planArb): fc.Arbitrary<CommissionInput> {
  return fc
    .record({
      plan: planArbitrary,
      type: fc.constantFrom('sale' as const, 'signup' as const, 'deposit' as const, 'trade' as const, 'renewal' as const),
      amountMinor: fc.option(amountArb, { nil: null }),
      currency: fc.constantFrom(...CURRENCIES),
      booksMinor: fc.option(fc.bigInt({ min: 0n, max: 1_000_000n }), { nil: undefined }),
      lots: fc.integer({ min: 1, max: 100_000_000 }).map((units) => lotUnitsAsText(BigInt(units))),
      count: fc.integer({ min: 0, max: 60 }),
      revenueMinor: fc.bigInt({ min: 0n, max: 1_000_000n }),
      commissionMinor: fc.bigInt({ min: 0n, max: 1_200_000n }),
      upline: fc.array(fc.constantFrom('ptn_m1', 'ptn_m2'), { maxLength: 2 }),
    })
    .map((facts) =>
      inputFor(facts.plan, {
        conversion: {
          type: facts.type,
          amountMinor: facts.amountMinor,
          currency: facts.amountMinor === null ? null : facts.currency,
          lines: [{ category: 'books', amountMinor: facts.booksMinor }, { instrument: 'XAUUSD', lots: facts.lots }],
        },
        period: { byType: { sale: { count: facts.count, revenueMinor: facts.revenueMinor } }, commissionMinor: facts.commissionMinor },
        upline: facts.upline,
        fx: FX,
      }),
    );
}

import { z } from 'zod';
import { DomainError, ErrorCode } from '../errors';
import { currencyCodeSchema, currencyExponent } from '../money/currency';
import { decimalToRatio, divideRoundHalfEven, type Ratio } from './exact-arithmetic';

/**
 * Commissions are computed in the conversion's currency and converted to the plan's payout
 * currency at a rate from a stored snapshot (never fetched live), so re-running a computation
 * gives the same cents. A rate is exact decimal text; conversion multiplies by it exactly and
 * rounds once, half to even, to the payout currency's minor unit. So a converted amount is
 * within half a minor unit of the exact product, and a round trip through the inverse rate comes
 * back within ½ + ½ ÷ (rate × 10^(exponent_to − exponent_from)) minor units of the start.
 */

export const fxRateSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,12})?$/, 'must be a positive decimal rate such as "0.9231" (at most 12 decimals, no exponent)')
  .refine((rate) => /[1-9]/.test(rate), 'must be greater than 0')
  .describe('units of the target currency that one unit of the source currency buys, as exact decimal text');

export const fxSnapshotSchema = z
  .object({
    id: z.string().trim().min(1).max(100).optional().describe('id of the stored rate table, kept in explanations'),
    asOf: z.iso.datetime({ offset: true }).describe('when the rates were taken'),
    to: currencyCodeSchema.describe("the currency the rates convert into: the plan's payout currency"),
    rates: z.record(currencyCodeSchema, fxRateSchema).describe('per source currency, how many units of `to` one unit buys'),
  })
  .strict()
  .describe('an FX rate snapshot: the rates a computation used, stored with it');
export type FxSnapshot = z.infer<typeof fxSnapshotSchema>;

/** The rate a line was converted at, as its explanation records it. */
export interface FxRateUsed {
  from: string;
  to: string;
  rate: string;
  asOf: string;
  snapshotId?: string;
}

/**
 * The conversion cannot be priced yet: no rate from its currency into the plan's. `at` is the
 * conversion time a rate must be effective at; the message says what to add (the conversion is
 * re-priced when it arrives: PUT …/fx-rates).
 */
export class MissingFxRateError extends DomainError {
  constructor(readonly from: string, readonly to: string, readonly at?: Date) {
    super(
      ErrorCode.RULE_VIOLATION,
      at
        ? `no FX rate from ${from} to ${to} effective at ${at.toISOString()}: add a ${from}→${to} rate effective from then or earlier (PUT /v1/programs/:programId/fx-rates) and the conversion is priced`
        : `no FX rate from ${from} to ${to} in the snapshot: add it to the rate table`,
      [{ path: `fx.rates.${from}`, message: `a rate into ${to} is required` }],
    );
    this.name = 'MissingFxRateError';
  }
}

/** The snapshot's rate from `from` into `to`; throws MissingFxRateError (naming `at`) when it has none. */
export function fxRateFor(snapshot: FxSnapshot | undefined, from: string, to: string, at?: Date): FxRateUsed {
  const rate = snapshot && snapshot.to === to ? snapshot.rates[from] : undefined;
  if (!snapshot || rate === undefined) throw new MissingFxRateError(from, to, at);
  return { from, to, rate, asOf: snapshot.asOf, ...(snapshot.id ? { snapshotId: snapshot.id } : {}) };
}

/** Minor units of `from` → minor units of `to`: exact product, rounded once half to even. */
export function convertMinor(amountMinor: bigint, from: string, to: string, rate: string | Ratio): bigint {
  const { numerator, denominator } = typeof rate === 'string' ? decimalToRatio(rate) : rate;
  const scaleTo = 10n ** BigInt(currencyExponent(to));
  const scaleFrom = 10n ** BigInt(currencyExponent(from));
  return divideRoundHalfEven(amountMinor * numerator * scaleTo, denominator * scaleFrom);
}

/** The exact inverse rate (to → from) of decimal rate text. */
export function inverseRate(rate: string): Ratio {
  const { numerator, denominator } = decimalToRatio(rate);
  return { numerator: denominator, denominator: numerator };
}

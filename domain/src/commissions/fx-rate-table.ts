import { z } from 'zod';
import { currencyCodeSchema } from '../money/currency';
import { fxRateSchema, type FxSnapshot } from './fx-conversion';

/**
 * The operator-maintained FX rate table (PUT /v1/programs/:programId/fx-rates): one rate per pair
 * and effective instant, in force until the pair's next one. Which rate prices a conversion is
 * decided here, once, for the api and the worker alike: the rate of the conversion's currency into
 * the plan currency effective at the conversion's time — the program's own latest rate effective
 * by then, else the latest global one. Only direct rates are used (no inverse, no cross rates):
 * the rate a commission names is then exactly the rate an operator entered.
 */

/** "0012.50" → "12.5", "0.92340" → "0.9234", "3.000" → "3": one text per value, so a repeated PUT compares equal. */
export function canonicalRate(text: string): string {
  const [integer, fraction = ''] = text.trim().split('.');
  const whole = integer.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  return decimals ? `${whole}.${decimals}` : whole;
}

export const fxRateInputSchema = z
  .object({
    base: currencyCodeSchema.describe('the currency converted from (the conversion\'s)'),
    quote: currencyCodeSchema.describe('the currency converted into (the plan\'s payout currency)'),
    rate: fxRateSchema.transform(canonicalRate),
    effectiveFrom: z.iso.datetime({ offset: true }).describe('in force from this instant until the pair\'s next rate'),
  })
  .strict()
  .refine((rate) => rate.base !== rate.quote, { path: ['quote'], message: 'must differ from base' });
export type FxRateInput = z.infer<typeof fxRateInputSchema>;

/** Two rates of one batch for the same pair and instant: which would apply is ambiguous, so the batch is refused. */
export const fxRateBatchSchema = z
  .object({ rates: z.array(fxRateInputSchema).min(1, 'give at least one rate').max(500, 'at most 500 rates per request') })
  .strict()
  .superRefine(({ rates }, context) => {
    const seen = new Map<string, number>();
    rates.forEach((rate, index) => {
      const key = `${rate.base}/${rate.quote}@${Date.parse(rate.effectiveFrom)}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else context.addIssue({ code: 'custom', path: ['rates', index, 'effectiveFrom'], message: `rates.${first} already sets ${rate.base}→${rate.quote} from this instant` });
    });
  });
export type FxRateBatch = z.infer<typeof fxRateBatchSchema>;

/** A stored rate; `programId` null: a global rate. */
export interface StoredFxRate {
  id: string;
  programId: string | null;
  base: string;
  quote: string;
  rate: string;
  effectiveFrom: Date;
}

/** base→quote in force at `at`: the program's latest rate effective by then, else the latest global one; null when neither. */
export function effectiveFxRate<R extends StoredFxRate>(rates: readonly R[], base: string, quote: string, at: Date): R | null {
  let own: R | null = null;
  let global: R | null = null;
  for (const rate of rates) {
    if (rate.base !== base || rate.quote !== quote || rate.effectiveFrom.getTime() > at.getTime()) continue;
    if (rate.programId === null) {
      if (!global || rate.effectiveFrom > global.effectiveFrom) global = rate;
    } else if (!own || rate.effectiveFrom > own.effectiveFrom) {
      own = rate;
    }
  }
  return own ?? global;
}

/** The snapshot the engine prices with: this one rate, named by its id and effective date in every explanation. */
export const fxSnapshotOf = (rate: StoredFxRate): FxSnapshot => ({
  id: rate.id,
  asOf: rate.effectiveFrom.toISOString(),
  to: rate.quote,
  rates: { [rate.base]: rate.rate },
});

/**
 * The name of the pair's lock (pg_advisory_xact_lock on its hashtext): a PUT of rates holds it
 * while it looks for unpriced conversions, an unpriced record is written under it.
 */
export const fxPairLockKey = (base: string, quote: string): string => `fx-rates:${base}>${quote}`;

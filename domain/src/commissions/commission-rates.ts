import { z } from 'zod';
import { formatAmount } from '../money/money';
import { decimalText, readDecimal } from '../money/decimal';
import { decimalToRatio } from './exact-arithmetic';

/**
 * How a plan writes rates and how the engine reads them. A percentage is decimal text with at
 * most 4 decimals ("12.5", "0.0125"), so it is an exact integer number of parts per million
 * (12.5% = 125 000 ppm) and a commission is `amount × ppm / 1 000 000`, rounded once. Lots are
 * decimal text read at 10⁻⁸ lot: 2-decimal lots scaled by a ppm share stay exact.
 */

export const PPM = 1_000_000n;
const PPM_PER_PERCENT = 10_000n;
const MAX_PERCENT_DECIMALS = 4;

/** Lots are counted in units of 10⁻⁸ lot. */
export const LOT_SCALE = 100_000_000n;
const LOTS = /^\d{1,12}(\.\d{1,8})?$/;

/** Accepts "10", "12.5" or a JSON number (read as written); stores normalised text ("10.50" → "10.5"). */
export const percentRateSchema = z
  .union([z.string(), z.number()], { error: 'must be a percentage such as "10" or "12.5"' })
  .transform((value, ctx) => {
    const reading = readDecimal(value);
    const problem = !reading.ok
      ? reading.problem
      : reading.parts.fraction.length > MAX_PERCENT_DECIMALS
        ? `must have at most ${MAX_PERCENT_DECIMALS} decimals (1 ppm)`
        : percentToPpm(decimalText(reading.parts)) > PPM
          ? 'must be at most 100'
          : undefined;
    if (!reading.ok || problem) {
      ctx.addIssue({ code: 'custom', message: `percentage ${problem}`, input: value });
      return z.NEVER;
    }
    return decimalText(reading.parts);
  })
  .describe('a percentage as decimal text, 0–100 with at most 4 decimals: "10" is 10%');

/** "12.5" → 125000n parts per million. The text must have passed percentRateSchema. */
export function percentToPpm(percent: string): bigint {
  const { numerator, denominator } = decimalToRatio(percent);
  return (numerator * PPM_PER_PERCENT) / denominator;
}

/** 125000n → "12.5%". */
export function ppmAsPercent(ppm: bigint): string {
  const whole = ppm / PPM_PER_PERCENT;
  const fraction = (ppm % PPM_PER_PERCENT).toString().padStart(MAX_PERCENT_DECIMALS, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}

/** Lots as engine input: decimal text with at most 8 decimals ("0.01", "1.23456789"). */
export const lotsSchema = z
  .string()
  .trim()
  .regex(LOTS, 'must be a number of lots with at most 8 decimals, such as "0.5"')
  .describe('traded volume in standard lots');

/** "0.5" → 50 000 000n (units of 10⁻⁸ lot). The text must have passed lotsSchema. */
export function lotsToUnits(lots: string): bigint {
  const { numerator, denominator } = decimalToRatio(lots);
  return (numerator * LOT_SCALE) / denominator;
}

/** 50 000 000n → "0.5". */
export function lotUnitsAsText(units: bigint): string {
  const whole = units / LOT_SCALE;
  const fraction = (units % LOT_SCALE).toString().padStart(8, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}`;
}

/** "12.34 EUR": how explanations write money. */
export const moneyText = (minor: bigint, currency: string): string => `${formatAmount(minor, currency)} ${currency}`;

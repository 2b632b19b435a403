import { z } from 'zod';
import { DomainError, ErrorCode } from '../errors';

/**
 * An ISO 4217 alphabetic code ("EUR"). Input is trimmed and upper-cased so " eur" from a postback
 * still parses; membership in the ISO list is not checked — a merchant's ledger currency is theirs
 * to name, and the minor-unit table below falls back to 2 digits for anything it does not list.
 */
export const currencyCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code such as "EUR"')
  .describe('ISO 4217 currency code');
export type CurrencyCode = z.infer<typeof currencyCodeSchema>;

/** The ISO 4217 "minor unit" column, for the codes whose minor unit is not 2. */
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  // No minor unit in circulation (ISO 4217 lists 0).
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // Divided into 1000 (fils, baisa, millime, dirham).
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // Units of account (Chilean Unidad de Fomento, Uruguayan wage index unit).
  CLF: 4, UYW: 4,
};

/**
 * How many decimal digits the currency's minor unit has: amounts are stored as
 * `amount × 10^exponent`. Currencies ISO marks "N.A." (gold, SDR) and unknown codes use 2.
 */
export function currencyExponent(code: string): number {
  return MINOR_UNIT_DIGITS[code.trim().toUpperCase()] ?? 2;
}

export class InvalidCurrencyError extends DomainError {
  constructor(readonly input: string) {
    super(ErrorCode.VALIDATION_FAILED, `"${input}" is not a currency code: use three letters such as "EUR"`);
    this.name = 'InvalidCurrencyError';
  }
}

/** The normalised code, or an InvalidCurrencyError: for code paths that received an unchecked value. */
export function toCurrencyCode(input: string): CurrencyCode {
  const result = currencyCodeSchema.safeParse(input);
  if (!result.success) throw new InvalidCurrencyError(input);
  return result.data;
}

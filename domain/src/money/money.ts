import { z } from 'zod';
import { DomainError, ErrorCode } from '../errors';
import { currencyCodeSchema, currencyExponent, toCurrencyCode, type CurrencyCode } from './currency';
import { MAX_INTEGER_DIGITS, readDecimal, type DecimalAmountOptions } from './decimal';

/**
 * Money crosses the API as decimal text with its currency (`{ "amount": "123.45", "currency":
 * "EUR" }`) and is stored and computed as bigint minor units (12345n). These are the two
 * conversions; nothing in between ever holds an amount in a float.
 */

/** A Postgres bigint holds every 18-digit number, so minor units stay within 18 digits. */
const MAX_MINOR_UNIT_DIGITS = 18;

/** 15 digits before the point, fewer for the 4-decimal units of account so minor units fit a bigint. */
export function maxIntegerDigits(currency: string): number {
  return Math.min(MAX_INTEGER_DIGITS, MAX_MINOR_UNIT_DIGITS - currencyExponent(currency));
}

export class InvalidAmountError extends DomainError {
  constructor(
    readonly input: string | number,
    readonly problem: string,
    path = 'amount',
  ) {
    super(ErrorCode.VALIDATION_FAILED, `amount ${JSON.stringify(input)} ${problem}`, [{ path, message: problem }]);
    this.name = 'InvalidAmountError';
  }
}

type AmountReading = { ok: true; minor: bigint } | { ok: false; problem: string };

function readAmount(value: string | number, currency: CurrencyCode, options: DecimalAmountOptions): AmountReading {
  const reading = readDecimal(value, options);
  if (!reading.ok) return reading;
  const { negative, integer, fraction } = reading.parts;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    const problem =
      exponent === 0
        ? `must be a whole number: ${currency} has no minor unit`
        : `has more than ${exponent} decimals, the most ${currency} allows`;
    return { ok: false, problem };
  }
  const maxDigits = maxIntegerDigits(currency);
  if (integer.length > maxDigits) {
    return { ok: false, problem: `must have at most ${maxDigits} digits before the decimal point in ${currency}` };
  }
  const magnitude = BigInt(`${integer}${fraction.padEnd(exponent, '0')}` || '0');
  return { ok: true, minor: negative ? -magnitude : magnitude };
}

/**
 * Minor units of a decimal amount: "49.99" EUR → 4999n, 1000 JPY → 1000n, "1.5" KWD → 1500n.
 * Extra decimals that are zeros are accepted ("1000.00" JPY); any others are an error, never
 * rounded away. Throws InvalidCurrencyError or InvalidAmountError (both VALIDATION_FAILED).
 */
export function parseAmount(value: string | number, currency: string, options: DecimalAmountOptions = {}): bigint {
  const reading = readAmount(value, toCurrencyCode(currency), options);
  if (!reading.ok) throw new InvalidAmountError(value, reading.problem);
  return reading.minor;
}

/**
 * Why `value` is not an amount in `currency`, or undefined when parseAmount will accept it.
 * Request schemas use it to turn amount errors into field-level 400s, e.g.:
 *
 *   z.object({ amount: decimalAmountSchema(), currency: currencyCodeSchema }).superRefine((body, ctx) => {
 *     const problem = amountProblem(body.amount, body.currency);
 *     if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
 *   });
 *
 * A body that passes needs no second check: parseAmount on its fields cannot fail. zod runs the
 * refinement even when the currency failed its own check, so an invalid currency is not reported
 * again here (undefined): the currency field carries that issue.
 */
export function amountProblem(value: string | number, currency: string, options: DecimalAmountOptions = {}): string | undefined {
  const code = currencyCodeSchema.safeParse(currency);
  if (!code.success) return undefined;
  const reading = readAmount(value, code.data, options);
  return reading.ok ? undefined : reading.problem;
}

/** Decimal text with exactly the currency's decimals: 12345n EUR → "123.45", -50n → "-0.50", 1000n JPY → "1000". */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, '0');
  const pointAt = digits.length - exponent;
  const fraction = exponent === 0 ? '' : `.${digits.slice(pointAt)}`;
  return `${minor < 0n ? '-' : ''}${digits.slice(0, pointAt)}${fraction}`;
}

export const moneyViewSchema = z
  .object({
    amount: z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .describe('decimal amount with exactly the currency\'s minor-unit digits, e.g. "123.45"'),
    currency: currencyCodeSchema,
  })
  .describe('an exact amount of money; never a float');
export type MoneyView = z.infer<typeof moneyViewSchema>;

/** How an API response shows money (API.md). */
export function moneyView(minor: bigint, currency: string): MoneyView {
  const code = toCurrencyCode(currency);
  return { amount: formatAmount(minor, code), currency: code };
}

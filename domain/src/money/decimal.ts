import { z } from 'zod';

/**
 * Decimal amounts as they arrive in request bodies and postbacks ("49.99", 49.99), read exactly:
 * digits are handled as text, never through float arithmetic. Currency-specific checks (how many
 * decimals) live in money.ts, where the currency is known.
 */

/**
 * Digits allowed before the point: with up to 3 decimals an amount still fits a Postgres bigint
 * (9.2 × 10^18) in minor units. Money.ts lowers it for the 4-decimal units of account.
 */
export const MAX_INTEGER_DIGITS = 15;

export interface DecimalAmountOptions {
  /** Refunds and adjustments may be negative; sale amounts may not (the default). */
  allowNegative?: boolean;
}

export interface DecimalParts {
  negative: boolean;
  /** Without leading zeros; "" for zero. */
  integer: string;
  /** Without trailing zeros; "" for a whole amount. */
  fraction: string;
}

export type DecimalReading = { ok: true; parts: DecimalParts } | { ok: false; problem: string };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Splits a decimal amount into digits, or says in words why it is not one. */
export function readDecimal(value: string | number, options: DecimalAmountOptions = {}): DecimalReading {
  const text = typeof value === 'number' ? numberToDecimalText(value) : value.trim();
  if (text === undefined) return { ok: false, problem: 'must be a finite number' };
  if (text === '') return { ok: false, problem: 'must not be empty' };
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) {
    return { ok: false, problem: 'must be written without an exponent (1500, not 1.5e3)' };
  }
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) || /^-?\d+,\d+$/.test(text)) {
    return { ok: false, problem: 'must use "." as the decimal point and no thousands separators (1234.5)' };
  }
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, problem: 'must be a decimal number such as "49.99"' };
  const [, sign, integerDigits, fractionDigits = ''] = match;
  if (sign && !options.allowNegative) return { ok: false, problem: 'must not be negative' };
  const integer = integerDigits.replace(/^0+/, '');
  if (integer.length > MAX_INTEGER_DIGITS) {
    return { ok: false, problem: `must have at most ${MAX_INTEGER_DIGITS} digits before the decimal point` };
  }
  const fraction = fractionDigits.replace(/0+$/, '');
  // "-0.00" is zero: keeping its sign would make it compare unequal to "0".
  const negative = sign === '-' && (integer !== '' || fraction !== '');
  return { ok: true, parts: { negative, integer, fraction } };
}

/** "-49.9", "0.05", "1000": no leading zeros, no trailing fraction zeros, no "-0". */
export function decimalText({ negative, integer, fraction }: DecimalParts): string {
  const whole = integer === '' ? '0' : integer;
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * A JSON number's shortest round-trip decimal (what `String` gives: 49.99 → "49.99"), with any
 * exponent spelt out in digits so that 1e-7 is judged on its decimals and 1e21 on its size.
 */
function numberToDecimalText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = '', exponentText] = match;
  const digits = lead + rest;
  const pointAt = 1 + Number(exponentText);
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/**
 * A body field holding an amount as a string or a JSON number, normalised to decimal text
 * ("049.90" → "49.9"). Pair it with `amountProblem` once the currency is known — see money.ts.
 */
export function decimalAmountSchema(options: DecimalAmountOptions = {}) {
  return z
    .union([z.string(), z.number()], { error: 'must be a decimal amount such as "49.99"' })
    .transform((value, ctx) => {
      const reading = readDecimal(value, options);
      if (reading.ok) return decimalText(reading.parts);
      ctx.addIssue({ code: 'custom', message: reading.problem, input: value });
      return z.NEVER;
    })
    .describe('decimal amount as a string ("49.99"); a JSON number is accepted and read as written');
}

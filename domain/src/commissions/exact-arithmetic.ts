/**
 * The few exact operations commissions need: a rational number as two bigints, and the one
 * rounding rule every commission amount goes through — round half to even ("banker's rounding"),
 * applied once, at the last step. Half-even is symmetric around zero, so a reversal rounds
 * exactly like the commission it mirrors, and it does not drift upwards over many lines.
 */

/** numerator / denominator with denominator > 0. */
export interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

/** numerator / denominator rounded to the nearest integer; an exact half goes to the even neighbour. */
export function divideRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('cannot divide by zero');
  const sign = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
  const top = numerator < 0n ? -numerator : numerator;
  const bottom = denominator < 0n ? -denominator : denominator;
  let quotient = top / bottom;
  const twiceRemainder = (top % bottom) * 2n;
  if (twiceRemainder > bottom || (twiceRemainder === bottom && quotient % 2n === 1n)) quotient += 1n;
  return sign * quotient;
}

/** "12.345" → 12345/1000. The text must already be a validated non-negative decimal. */
export function decimalToRatio(text: string): Ratio {
  const [integer, fraction = ''] = text.split('.');
  return { numerator: BigInt(`${integer}${fraction}`), denominator: 10n ** BigInt(fraction.length) };
}

export const minBigint = (a: bigint, b: bigint): bigint => (a < b ? a : b);
export const maxBigint = (a: bigint, b: bigint): bigint => (a > b ? a : b);
export const sumBigints = (values: readonly bigint[]): bigint => values.reduce((sum, value) => sum + value, 0n);

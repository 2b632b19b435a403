/**
 * Derived figures of reports, computed exactly from integers: rates from counts and averages of
 * money from minor units, rounded once, half away from zero. Money never passes through a float.
 */

function roundedQuotient(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/** numerator ÷ denominator to `decimals` places (0.6667), or null when the denominator is 0. */
export function reportRatio(numerator: bigint | number, denominator: bigint | number, decimals = 4): number | null {
  const d = BigInt(denominator);
  if (d === 0n) return null;
  const scale = 10n ** BigInt(decimals);
  const scaled = roundedQuotient(BigInt(numerator) * scale, d);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  const point = digits.length - decimals;
  return Number(`${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point) || '0'}`);
}

/** An average amount in minor units (total ÷ count, to the minor unit), or null for no items. */
export function averageMinor(totalMinor: bigint, count: bigint | number): bigint | null {
  const d = BigInt(count);
  return d === 0n ? null : roundedQuotient(totalMinor, d);
}

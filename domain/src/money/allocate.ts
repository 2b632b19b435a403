/**
 * Splits an amount in minor units in proportion to integer weights so that the parts add up to
 * exactly the total: each part gets the floor of its exact share, and the units left over go one
 * each to the largest remainders (ties to the lower index). A negative total (a refund) splits as
 * the mirror image of the positive one, so reversing an allocation reverses every part exactly.
 * Zero weights always get 0n.
 */
export function allocate(total: bigint, weights: readonly (number | bigint)[]): bigint[] {
  const integerWeights = weights.map(toIntegerWeight);
  const weightSum = integerWeights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) throw new RangeError('allocate needs at least one weight greater than 0');

  const sign = total < 0n ? -1n : 1n;
  const magnitude = total * sign;
  const parts = integerWeights.map((weight) => (magnitude * weight) / weightSum);
  const remainders = integerWeights.map((weight) => (magnitude * weight) % weightSum);

  let leftover = magnitude - parts.reduce((sum, part) => sum + part, 0n);
  // The leftover is smaller than the number of non-zero remainders, so zero weights never receive a unit.
  for (const index of indicesByRemainderDescending(remainders)) {
    if (leftover === 0n) break;
    parts[index] += 1n;
    leftover -= 1n;
  }
  return parts.map((part) => part * sign);
}

function toIntegerWeight(weight: number | bigint, index: number): bigint {
  if (typeof weight === 'number' && !Number.isInteger(weight)) {
    throw new RangeError(`allocate weights must be integers (weight ${index} is ${weight})`);
  }
  const integer = BigInt(weight);
  if (integer < 0n) throw new RangeError(`allocate weights must not be negative (weight ${index} is ${weight})`);
  return integer;
}

function indicesByRemainderDescending(remainders: readonly bigint[]): number[] {
  const indices = remainders.map((_, index) => index);
  return indices.sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
}

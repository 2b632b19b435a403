import fc from 'fast-check';
import { allocate } from './allocate';

const sum = (parts: bigint[]) => parts.reduce((total, part) => total + part, 0n);

describe('allocate', () => {
  it('splits in proportion and gives the leftover units to the largest remainders', () => {
    expect(allocate(100n, [1, 1, 1])).toEqual([34n, 33n, 33n]);
    expect(allocate(1000n, [50, 30, 20])).toEqual([500n, 300n, 200n]);
    // 10 × 3/7 = 4.29, 10 × 4/7 = 5.71: the second part has the larger remainder and gets the unit.
    expect(allocate(10n, [3, 4])).toEqual([4n, 6n]);
    expect(allocate(5n, [2n, 1n, 2n])).toEqual([2n, 1n, 2n]);
  });

  it('breaks equal remainders towards the lower index', () => {
    expect(allocate(2n, [1, 1, 1])).toEqual([1n, 1n, 0n]);
    expect(allocate(1n, [1, 1])).toEqual([1n, 0n]);
  });

  it('splits a negative total (a refund) as the mirror image of the positive one', () => {
    expect(allocate(-100n, [1, 1, 1])).toEqual([-34n, -33n, -33n]);
    expect(allocate(-10n, [3, 4])).toEqual([-4n, -6n]);
  });

  it('gives zero weights nothing and a zero total zeros', () => {
    expect(allocate(7n, [0, 1, 0, 1])).toEqual([0n, 4n, 0n, 3n]);
    expect(allocate(0n, [1, 2])).toEqual([0n, 0n]);
  });

  it('keeps exact amounts far beyond the safe-integer range', () => {
    const total = 123_456_789_012_345_678_901_234_567_890n;
    const parts = allocate(total, [1n, 2n, 3n]);
    expect(sum(parts)).toBe(total);
    expect(parts[0]).toBe(total / 6n);
  });

  it('refuses negative, fractional, non-finite or all-zero weights', () => {
    expect(() => allocate(10n, [1, -1])).toThrow(/must not be negative \(weight 1 is -1\)/);
    expect(() => allocate(10n, [-1n])).toThrow(/must not be negative/);
    expect(() => allocate(10n, [0.5, 1])).toThrow(/must be integers \(weight 0 is 0.5\)/);
    expect(() => allocate(10n, [Number.NaN])).toThrow(/must be integers/);
    expect(() => allocate(10n, [Number.POSITIVE_INFINITY])).toThrow(/must be integers/);
    expect(() => allocate(10n, [0, 0n])).toThrow(/at least one weight greater than 0/);
    expect(() => allocate(10n, [])).toThrow(/at least one weight greater than 0/);
  });

  describe('properties', () => {
    const weightsArb = fc
      .array(fc.oneof(fc.nat({ max: 1_000_000 }), fc.bigInt({ min: 0n, max: 10n ** 30n })), { minLength: 1, maxLength: 30 })
      .filter((weights) => weights.some((weight) => BigInt(weight) > 0n));
    const totalArb = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n });

    it('parts always sum exactly to the total', () => {
      fc.assert(fc.property(totalArb, weightsArb, (total, weights) => sum(allocate(total, weights)) === total));
    });

    it('every part is within one unit of its exact proportional share, and zero weights get 0n', () => {
      fc.assert(
        fc.property(totalArb, weightsArb, (total, weights) => {
          const integers = weights.map(BigInt);
          const weightSum = integers.reduce((a, b) => a + b, 0n);
          return allocate(total, weights).every((part, index) => {
            if (integers[index] === 0n) return part === 0n;
            const exactTimesSum = total * integers[index];
            const distance = part * weightSum - exactTimesSum;
            return (distance < 0n ? -distance : distance) < weightSum;
          });
        }),
      );
    });

    it('a refund reverses every part of the original split exactly', () => {
      fc.assert(
        fc.property(totalArb, weightsArb, (total, weights) => {
          const forward = allocate(total, weights);
          return allocate(-total, weights).every((part, index) => part === -forward[index]);
        }),
      );
    });
  });
});

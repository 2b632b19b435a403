import { averageMinor, reportRatio } from './report-numbers';

describe('report numbers', () => {
  it('rounds ratios once, half away from zero, from exact integers', () => {
    expect(reportRatio(2, 3)).toBe(0.6667);
    expect(reportRatio(1, 3)).toBe(0.3333);
    expect(reportRatio(1, 8)).toBe(0.125);
    expect(reportRatio(1, 20_000)).toBe(0.0001); // 0.00005 rounds up
    expect(reportRatio(-1, 20_000)).toBe(-0.0001);
    expect(reportRatio(5, 2, 2)).toBe(2.5);
    expect(reportRatio(12345678901234567890n, 3n, 2)).toBe(Number('4115226300411522630.00'));
  });

  it('has no ratio without a denominator', () => {
    expect(reportRatio(3, 0)).toBeNull();
    expect(averageMinor(100n, 0)).toBeNull();
  });

  it('averages minor units to the minor unit', () => {
    expect(averageMinor(1000n, 3)).toBe(333n);
    expect(averageMinor(1001n, 2)).toBe(501n); // 500.5 → 501
    expect(averageMinor(-1001n, 2)).toBe(-501n);
    expect(averageMinor(10n ** 20n, 1)).toBe(10n ** 20n);
  });
});

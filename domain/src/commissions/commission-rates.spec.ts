import { addCalendarMonths, commissionPeriodOf } from './commission-period';
import { lotsSchema, lotsToUnits, lotUnitsAsText, percentRateSchema, percentToPpm, ppmAsPercent } from './commission-rates';

describe('rates and lots', () => {
  it('reads percentages as exact parts per million', () => {
    expect(['10', '12.5', '0.0001', '100'].map(percentToPpm)).toEqual([100_000n, 125_000n, 1n, 1_000_000n]);
    expect([125_000n, 1n, 1_000_000n, 0n].map(ppmAsPercent)).toEqual(['12.5%', '0.0001%', '100%', '0%']);
    expect(percentRateSchema.parse(7.25)).toBe('7.25');
    expect(percentRateSchema.parse('010.50')).toBe('10.5');
  });

  it('reads lots at 10⁻⁸ lot', () => {
    expect(lotsToUnits('0.01')).toBe(1_000_000n);
    expect(lotsToUnits('1.23456789')).toBe(123_456_789n);
    expect(lotUnitsAsText(150_000_000n)).toBe('1.5');
    expect(lotsSchema.safeParse('0.000000001').success).toBe(false);
  });
});

describe('plan periods and months', () => {
  it('gives the calendar period in UTC, end exclusive', () => {
    const at = new Date('2026-05-31T23:59:59.999Z');
    expect(commissionPeriodOf(at, 'month')).toEqual({ start: new Date('2026-05-01T00:00:00Z'), end: new Date('2026-06-01T00:00:00Z') });
    expect(commissionPeriodOf(at, 'quarter')).toEqual({ start: new Date('2026-04-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') });
    expect(commissionPeriodOf(at, 'year')).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
  });

  it('adds calendar months, landing the 31st on the last day of a shorter month', () => {
    expect(addCalendarMonths(new Date('2026-01-31T08:00:00Z'), 1)).toEqual(new Date('2026-02-28T08:00:00Z'));
    expect(addCalendarMonths(new Date('2024-01-31T08:00:00Z'), 1)).toEqual(new Date('2024-02-29T08:00:00Z'));
    expect(addCalendarMonths(new Date('2025-11-15T00:00:00Z'), 14)).toEqual(new Date('2027-01-15T00:00:00Z'));
  });
});

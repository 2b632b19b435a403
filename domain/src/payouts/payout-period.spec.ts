import { payoutPolicySchema, type PayoutPolicyInput } from './payout-policy.schema';
import { cutoffOf, latestDuePeriodEnd, manualRunPeriod, nextScheduledRun, payoutCalendar, periodEndOnOrBefore, runDateOf } from './payout-period';
import { localDate, zonedInstant } from './zoned-time';

const policy = (input: PayoutPolicyInput) => payoutPolicySchema.parse(input);
const at = (iso: string) => Date.parse(iso);

describe('payout periods in the program time zone', () => {
  it('ends a period at local midnight, across daylight saving time', () => {
    expect(new Date(cutoffOf('2026-10-31', 'Europe/Berlin')).toISOString()).toBe('2026-10-31T22:59:59.999Z'); // CET after the change
    expect(new Date(cutoffOf('2026-03-28', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T22:59:59.999Z'); // still CET
    expect(new Date(cutoffOf('2026-06-30', 'America/New_York')).toISOString()).toBe('2026-07-01T03:59:59.999Z');
    expect(new Date(cutoffOf('2026-06-30', 'UTC')).toISOString()).toBe('2026-06-30T23:59:59.999Z');
  });

  it('finds the wall-clock hour in a zone, after the gap when it does not exist', () => {
    expect(new Date(zonedInstant('2026-03-29', 6, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T04:00:00.000Z');
    expect(new Date(zonedInstant('2026-03-29', 2, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(localDate(at('2026-10-31T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-01');
  });

  it('monthly: the run on day N pays the previous calendar month', () => {
    const monthly = policy({ schedule: { type: 'monthly', dayOfMonth: 3, hour: 6 }, timeZone: 'Europe/Berlin' });
    expect(runDateOf(monthly.schedule, '2026-10-31')).toBe('2026-11-03');
    expect(latestDuePeriodEnd(monthly, at('2026-11-03T05:00:00Z'))).toBe('2026-10-31'); // 06:00 in Berlin
    expect(latestDuePeriodEnd(monthly, at('2026-11-03T04:59:00Z'))).toBe('2026-09-30'); // 05:59: October's run is not due yet
    expect(latestDuePeriodEnd(monthly, at('2027-01-02T12:00:00Z'))).toBe('2026-11-30');
  });

  it('weekly: the run on the weekday pays the seven days before it', () => {
    const weekly = policy({ schedule: { type: 'weekly', weekday: 'monday', hour: 0 } });
    expect(periodEndOnOrBefore(weekly.schedule, '2026-11-22')).toBe('2026-11-22'); // a Sunday
    expect(periodEndOnOrBefore(weekly.schedule, '2026-11-25')).toBe('2026-11-22');
    expect(latestDuePeriodEnd(weekly, at('2026-11-23T00:00:00Z'))).toBe('2026-11-22');
    expect(latestDuePeriodEnd(weekly, at('2026-11-22T23:59:00Z'))).toBe('2026-11-15');
  });

  it('net N days: the run pays a period N days after it ended', () => {
    const net = policy({ schedule: { type: 'net_days', period: 'month', days: 30, hour: 0 } });
    expect(runDateOf(net.schedule, '2026-09-30')).toBe('2026-10-30');
    expect(latestDuePeriodEnd(net, at('2026-11-22T12:00:00Z'))).toBe('2026-09-30');
    expect(latestDuePeriodEnd(net, at('2026-11-30T00:00:00Z'))).toBe('2026-10-31');
    const netWeeks = policy({ schedule: { type: 'net_days', period: 'week', days: 3, hour: 0 } });
    expect(latestDuePeriodEnd(netWeeks, at('2026-11-25T00:00:00Z'))).toBe('2026-11-22');
  });

  it('finds the next scheduled run after now: its period, start and cutoff', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const monthly = policy({ schedule: { type: 'monthly', dayOfMonth: 3, hour: 6 }, timeZone: 'Europe/Berlin' });
    const next = nextScheduledRun(monthly, at('2026-11-22T10:00:00Z'));
    expect([next.periodEnd, iso(next.runAt), iso(next.cutoffAt)]).toEqual(['2026-11-30', '2026-12-03T05:00:00.000Z', '2026-11-30T22:59:59.999Z']);
    // Before October's run on 3 November at 06:00 Berlin, that run is the next one.
    expect(nextScheduledRun(monthly, at('2026-11-03T04:59:00Z')).periodEnd).toBe('2026-10-31');
    expect(nextScheduledRun(monthly, at('2026-12-31T12:00:00Z')).periodEnd).toBe('2026-12-31');
    const weekly = policy({ schedule: { type: 'weekly', weekday: 'monday', hour: 0 } });
    expect(nextScheduledRun(weekly, at('2026-11-23T00:00:00Z')).periodEnd).toBe('2026-11-29');
    const net = policy({ schedule: { type: 'net_days', period: 'month', days: 30, hour: 0 } });
    expect(nextScheduledRun(net, at('2026-11-22T12:00:00Z')).periodEnd).toBe('2026-10-31'); // due 30 November
  });

  it('a run now pays the last whole period, or a given day up to now', () => {
    const monthly = policy({ timeZone: 'Europe/Berlin' });
    const now = at('2026-11-22T10:00:00Z');
    expect(manualRunPeriod(monthly, now)).toEqual({ ok: true, periodEnd: '2026-10-31', cutoffAt: at('2026-10-31T22:59:59.999Z') });
    expect(manualRunPeriod(monthly, now, '2026-11-22')).toEqual({ ok: true, periodEnd: '2026-11-22', cutoffAt: now });
    expect(manualRunPeriod(monthly, now, '2026-11-23')).toEqual({ ok: false, problem: 'must not be after today (2026-11-22 in Europe/Berlin)' });
    expect(manualRunPeriod(monthly, now, '2026-02-30')).toEqual({ ok: false, problem: 'must be a date such as 2026-10-31' });
  });

  it('turns the schedule into a calendar for the Temporal Schedule', () => {
    expect(payoutCalendar(policy({ schedule: { type: 'monthly', dayOfMonth: 1, hour: 6 }, timeZone: 'Europe/Berlin' }))).toEqual({ timeZone: 'Europe/Berlin', hour: 6, dayOfMonth: 1 });
    expect(payoutCalendar(policy({ schedule: { type: 'weekly', weekday: 'friday', hour: 9 } }))).toEqual({ timeZone: 'UTC', hour: 9, dayOfWeek: 'friday' });
    expect(payoutCalendar(policy({ schedule: { type: 'net_days', days: 15, hour: 7 } }))).toEqual({ timeZone: 'UTC', hour: 7 });
  });
});

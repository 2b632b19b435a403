import { DEFAULT_DROP_THRESHOLDS, dropPercentOf, MIN_PREVIOUS_WEEK_CONVERSIONS, performanceDroppedKey, performanceDrops } from './week-over-week';
import { DEFAULT_NOTIFICATION_RULES, DEFAULT_NOTIFICATION_TEMPLATES } from '../messaging/default-notifications';
import { rulesTriggeredBy } from '../messaging/notification-rules.engine';
import { renderTemplate } from '../messaging/template.engine';
import { lastCompletedWeeks } from './review-week';

describe('week-over-week performance drops', () => {
  it('reports a 50% fall with the figures as text, and leaves a steady or growing partner alone', () => {
    const drops = performanceDrops([
      { partnerId: 'prt_falling', previous: 10, current: 5 },
      { partnerId: 'prt_steady', previous: 10, current: 10 },
      { partnerId: 'prt_growing', previous: 10, current: 14 },
    ]);
    expect(drops).toEqual([{ partnerId: 'prt_falling', dropPercent: 50, metric: 'conversions', previous: '10', current: '5' }]);
  });

  it('rounds the percent down with integer arithmetic', () => {
    expect(dropPercentOf(12, 7)).toBe(41);
    expect(dropPercentOf(10, 7)).toBe(30);
    expect(dropPercentOf(3, 2)).toBe(33);
    expect(dropPercentOf(8, 0)).toBe(100);
    expect(dropPercentOf(0, 0)).toBe(0);
  });

  it('ignores a previous week below the minimum: 1 → 0 is noise', () => {
    const small = MIN_PREVIOUS_WEEK_CONVERSIONS - 1;
    expect(performanceDrops([{ partnerId: 'prt_small', previous: small, current: 0 }])).toEqual([]);
    expect(performanceDrops([{ partnerId: 'prt_floor', previous: MIN_PREVIOUS_WEEK_CONVERSIONS, current: 0 }])).toHaveLength(1);
    expect(performanceDrops([{ partnerId: 'prt_one', previous: 1, current: 0 }], { ...DEFAULT_DROP_THRESHOLDS, minPrevious: 1 })).toHaveLength(1);
  });

  it('reports from the low floor up and leaves the rule to decide who is told', () => {
    const figures = [
      { partnerId: 'prt_9', previous: 100, current: 91 },
      { partnerId: 'prt_10', previous: 100, current: 90 },
      { partnerId: 'prt_29', previous: 100, current: 71 },
    ];
    expect(performanceDrops(figures).map((drop) => [drop.partnerId, drop.dropPercent])).toEqual([
      ['prt_10', 10],
      ['prt_29', 29],
    ]);
  });

  it("fits the performance-drop rule and template: managers hear of 30% and more by default", () => {
    const [halved, slipped] = performanceDrops([
      { partnerId: 'prt_halved', previous: 12, current: 6 },
      { partnerId: 'prt_slipped', previous: 10, current: 8 },
    ]);
    const data = (drop: typeof halved) => ({ ...drop, weekStart: '2026-11-16', weekEnd: '2026-11-22' });
    expect(rulesTriggeredBy(DEFAULT_NOTIFICATION_RULES, { name: 'performance.dropped', data: data(halved) }).map((rule) => rule.id)).toEqual(['performance-drop']);
    expect(rulesTriggeredBy(DEFAULT_NOTIFICATION_RULES, { name: 'performance.dropped', data: data(slipped) })).toEqual([]);
    const rendered = renderTemplate(DEFAULT_NOTIFICATION_TEMPLATES['notification.performance-drop'], { ...data(halved), partnerName: 'Grace', partnerEmail: 'grace@example.com', partnerId: 'prt_halved', programName: 'Acme' });
    expect(rendered.ok && rendered.rendered.text).toBe('Grace (prt_halved) dropped 50% week over week on conversions: 12 → 6.\n\n— Partnerflow\n');
  });

  it('keys one event per partner and week', () => {
    expect(performanceDroppedKey('prt_1', '2026-11-22')).toBe('performance.dropped:prt_1:2026-11-22');
  });
});

describe('the weeks the review compares', () => {
  it('takes the last week that ended by Monday 00:00 in the program zone', () => {
    // Monday 2026-11-23 14:00 UTC, when the schedule fires.
    expect(lastCompletedWeeks(Date.parse('2026-11-23T14:00:00Z'), 'UTC')).toEqual({
      weekStart: '2026-11-16',
      weekEnd: '2026-11-22',
      previousWeekStart: '2026-11-09',
      previousWeekEnd: '2026-11-15',
      previousFrom: '2026-11-09T00:00:00.000Z',
      currentFrom: '2026-11-16T00:00:00.000Z',
      currentTo: '2026-11-23T00:00:00.000Z',
    });
  });

  it('ends the week at local midnight, whatever the offset', () => {
    const berlin = lastCompletedWeeks(Date.parse('2026-11-23T14:00:00Z'), 'Europe/Berlin');
    expect([berlin.weekEnd, berlin.currentFrom, berlin.currentTo]).toEqual(['2026-11-22', '2026-11-15T23:00:00.000Z', '2026-11-22T23:00:00.000Z']);
    // Sunday evening in UTC is already Monday in Auckland: that week is complete there.
    expect(lastCompletedWeeks(Date.parse('2026-11-22T12:00:00Z'), 'Pacific/Auckland').weekEnd).toBe('2026-11-22');
    expect(lastCompletedWeeks(Date.parse('2026-11-22T12:00:00Z'), 'UTC').weekEnd).toBe('2026-11-15');
    expect(lastCompletedWeeks(Date.parse('2026-11-23T14:00:00Z'), 'Etc/GMT+12').currentTo).toBe('2026-11-23T12:00:00.000Z');
  });

  it('keeps the week seven local days across a DST change (the previous week is one hour longer)', () => {
    // Europe/Berlin left summer time on Sunday 2026-10-25.
    const weeks = lastCompletedWeeks(Date.parse('2026-11-02T14:00:00Z'), 'Europe/Berlin');
    expect([weeks.previousFrom, weeks.currentFrom, weeks.currentTo]).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z', '2026-11-01T23:00:00.000Z']);
  });
});

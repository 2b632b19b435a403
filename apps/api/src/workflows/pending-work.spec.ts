import { firstScheduledTimes, isStuck, pendingTimers, type PendingActivityView } from './pending-work';
import type { ReadableEvent } from './history-events';

const event = (type: string, details: Record<string, unknown>): ReadableEvent => ({ eventId: 1, time: '2026-01-01T00:00:00.000Z', type, summary: type, details });

describe('pendingTimers', () => {
  it('lists the timers that have neither fired nor been cancelled, soonest first', () => {
    const timers = pendingTimers([
      event('TimerStarted', { timerId: '1', firesAt: '2026-01-03T00:00:00.000Z' }),
      event('TimerStarted', { timerId: '2', firesAt: '2026-01-02T00:00:00.000Z' }),
      event('TimerStarted', { timerId: '3', firesAt: '2026-01-04T00:00:00.000Z' }),
      event('TimerFired', { timerId: '1' }),
      event('TimerCanceled', { timerId: '3' }),
      event('ActivityTaskScheduled', { activity: 'sendEmail' }),
    ]);
    expect(timers).toEqual([{ timerId: '2', firesAt: '2026-01-02T00:00:00.000Z' }]);
  });
});

describe('isStuck', () => {
  const activity: PendingActivityView = {
    activityId: '1', activity: 'sendEmail', state: 'scheduled', attempt: 3, maximumAttempts: null,
    scheduledAt: '2026-01-01T00:12:00.000Z', lastStartedAt: null, nextAttemptAt: '2026-01-01T00:12:00.000Z', lastFailure: 'connect ECONNREFUSED',
  };
  const now = new Date('2026-01-01T00:10:00.000Z');
  const first = '2026-01-01T00:00:00.000Z';

  it('is stuck when it has failed and has been retried for at least the given minutes since it was first scheduled', () => {
    expect(isStuck(activity, 10, now, first)).toBe(true);
    expect(isStuck(activity, 11, now, first)).toBe(false);
  });

  it('waiting out its backoff (describe reports the next attempt, in the future) it is still stuck from its first schedule', () => {
    expect(isStuck(activity, 0, now, first)).toBe(true);
    // Without the history: the last start, else the reported time (which can only make it look younger).
    expect(isStuck({ ...activity, lastStartedAt: '2026-01-01T00:05:00.000Z' }, 5, now, null)).toBe(true);
    expect(isStuck(activity, 0, now, null)).toBe(false);
  });

  it('a first attempt that has not failed yet is not stuck, however long it runs', () => {
    expect(isStuck({ ...activity, attempt: 1, lastFailure: null }, 0, now, first)).toBe(false);
  });
});

describe('firstScheduledTimes', () => {
  it('takes the first ActivityTaskScheduled of each activity id', () => {
    const times = firstScheduledTimes([
      { ...event('ActivityTaskScheduled', { activityId: '1' }), time: '2026-01-01T00:00:00.000Z' },
      { ...event('ActivityTaskStarted', { activityId: '1' }), time: '2026-01-01T00:00:01.000Z' },
      { ...event('ActivityTaskScheduled', { activityId: '2' }), time: '2026-01-01T00:01:00.000Z' },
    ]);
    expect(times).toEqual(new Map([['1', '2026-01-01T00:00:00.000Z'], ['2', '2026-01-01T00:01:00.000Z']]));
  });
});

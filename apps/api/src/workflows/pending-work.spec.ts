import { isStuck, pendingTimers, type PendingActivityView } from './pending-work';
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
    scheduledAt: '2026-01-01T00:00:00.000Z', lastStartedAt: null, nextAttemptAt: null, lastFailure: 'connect ECONNREFUSED',
  };
  const now = new Date('2026-01-01T00:10:00.000Z');

  it('is stuck when it has failed and has been retried for at least the given minutes', () => {
    expect(isStuck(activity, 10, now)).toBe(true);
    expect(isStuck(activity, 11, now)).toBe(false);
  });

  it('between attempts (no schedule time reported) counts from the last attempt', () => {
    const backingOff = { ...activity, state: 'scheduled', scheduledAt: null, lastStartedAt: '2026-01-01T00:05:00.000Z' };
    expect(isStuck(backingOff, 5, now)).toBe(true);
    expect(isStuck(backingOff, 6, now)).toBe(false);
    expect(isStuck({ ...backingOff, lastStartedAt: null }, 0, now)).toBe(true);
    expect(isStuck({ ...backingOff, lastStartedAt: null }, 1, now)).toBe(false);
  });

  it('a first attempt that has not failed yet is not stuck, however long it runs', () => {
    expect(isStuck({ ...activity, attempt: 1, lastFailure: null }, 0, now)).toBe(false);
  });
});

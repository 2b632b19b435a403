import type { google, temporal } from '@temporalio/proto';
import type { ReadableEvent } from './history-events';

type Timestamp = google.protobuf.ITimestamp | null | undefined;

export interface PendingActivityView {
  activityId: string;
  activity: string;
  state: string;
  attempt: number;
  maximumAttempts: number | null;
  scheduledAt: string | null;
  lastStartedAt: string | null;
  nextAttemptAt: string | null;
  lastFailure: string | null;
}

export interface PendingTimerView {
  timerId: string;
  firesAt: string;
}

const isoOrNull = (t: Timestamp): string | null =>
  t?.seconds == null ? null : new Date(Number(t.seconds.toString()) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();

const ACTIVITY_STATES: Record<number, string> = { 1: 'scheduled', 2: 'started', 3: 'cancel_requested', 4: 'paused', 5: 'pause_requested' };

/** What Temporal's describe says about activities still in flight, in a reader's terms. */
export function pendingActivities(raw: temporal.api.workflow.v1.IPendingActivityInfo[] | null | undefined): PendingActivityView[] {
  return (raw ?? []).map((activity) => ({
    activityId: activity.activityId ?? '',
    activity: activity.activityType?.name ?? '?',
    state: ACTIVITY_STATES[activity.state ?? 0] ?? 'unknown',
    attempt: activity.attempt ?? 1,
    maximumAttempts: activity.maximumAttempts ? activity.maximumAttempts : null,
    scheduledAt: isoOrNull(activity.scheduledTime),
    lastStartedAt: isoOrNull(activity.lastStartedTime),
    nextAttemptAt: isoOrNull(activity.nextAttemptScheduleTime),
    lastFailure: activity.lastFailure?.message ?? null,
  }));
}

/**
 * Timers set in this run that have neither fired nor been cancelled: when the workflow will next
 * wake up on its own. Read from the readable history (describe does not report timers).
 */
export function pendingTimers(events: ReadableEvent[]): PendingTimerView[] {
  const open = new Map<string, string>();
  for (const event of events) {
    const timerId = event.details.timerId as string | undefined;
    if (!timerId) continue;
    if (event.type === 'TimerStarted') open.set(timerId, event.details.firesAt as string);
    else if (event.type === 'TimerFired' || event.type === 'TimerCanceled') open.delete(timerId);
  }
  return [...open].map(([timerId, firesAt]) => ({ timerId, firesAt })).sort((a, b) => a.firesAt.localeCompare(b.firesAt));
}

/** Failed at least once and still being retried. */
export const isFailing = (activity: PendingActivityView): boolean => activity.attempt >= 2 || activity.lastFailure !== null;

/**
 * An activity is stuck when it has failed at least once and is still being retried `minutes`
 * after it was first scheduled. Describe reports the schedule time of the current attempt (while
 * the activity waits out its retry backoff, the next one's, in the future), so the first schedule
 * time comes from the history's ActivityTaskScheduled event (`firstScheduledAt`).
 */
export function isStuck(activity: PendingActivityView, minutes: number, now: Date, firstScheduledAt: string | null): boolean {
  if (!isFailing(activity)) return false;
  const since = firstScheduledAt ?? activity.lastStartedAt ?? activity.scheduledAt;
  if (!since) return minutes === 0;
  return now.getTime() - Date.parse(since) >= minutes * 60_000;
}

/** When each activity of the history was first scheduled, by activity id. */
export function firstScheduledTimes(events: ReadableEvent[]): Map<string, string> {
  const times = new Map<string, string>();
  for (const event of events) {
    const activityId = event.details.activityId;
    if (event.type === 'ActivityTaskScheduled' && typeof activityId === 'string' && !times.has(activityId)) times.set(activityId, event.time);
  }
  return times;
}

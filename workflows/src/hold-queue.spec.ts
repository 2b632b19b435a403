import type { CommissionInReview } from '@partnerflow/domain';
import { HoldQueue } from './hold-queue';

const held = (commissionId: string, holdUntil: string) => ({ commissionId, holdUntil, flagged: false });
const review = (commissionId: string, nextReminderAt: string, expiresAt: string | null = null): CommissionInReview => ({
  commissionId,
  taskId: `tsk_${commissionId}`,
  amount: '10.00 EUR',
  reasons: 'flagged',
  holdUntil: '2026-04-01T00:00:00.000Z',
  openedAt: '2026-03-01T00:00:00.000Z',
  reminderHours: 24,
  nextReminderAt,
  remindersSent: 0,
  expiresAt,
  onExpiry: 'keep_waiting',
  expired: false,
});

describe('HoldQueue', () => {
  it('keeps held commissions ordered by release time, then id, whatever order they arrive in, each once', () => {
    const queue = new HoldQueue();
    expect(queue.hold(held('com_c', '2026-03-20T00:00:00.000Z'))).toBe(true);
    queue.hold(held('com_b', '2026-03-10T00:00:00.000Z'));
    queue.hold(held('com_a', '2026-03-20T00:00:00.000Z'));
    expect(queue.hold(held('com_b', '2026-01-01T00:00:00.000Z'))).toBe(false);
    expect(queue.view().map((entry) => entry.commissionId)).toEqual(['com_b', 'com_a', 'com_c']);
    expect(queue.nextWakeAt()).toBe('2026-03-10T00:00:00.000Z');
  });

  it('takes everything due at once, earliest first, and leaves the rest', () => {
    const queue = HoldQueue.from({ held: [held('com_a', '2026-03-10T00:00:00.000Z'), held('com_b', '2026-03-11T00:00:00.000Z'), held('com_c', '2026-03-12T00:00:00.000Z')], inReview: [] });
    expect(queue.takeDue('2026-03-11T00:00:00.000Z').map((entry) => entry.commissionId)).toEqual(['com_a', 'com_b']);
    expect(queue.takeDue('2026-03-11T12:00:00.000Z')).toEqual([]);
    expect(queue.size).toBe(1);
    expect(queue.knows('com_a')).toBe(false);
  });

  it('removes a held or reviewed commission by id', () => {
    const queue = HoldQueue.from({ held: [held('com_a', '2026-03-10T00:00:00.000Z'), held('com_b', '2026-03-10T00:00:00.000Z')], inReview: [review('com_r', '2026-03-02T00:00:00.000Z')] });
    expect(queue.remove('com_a')).toBe(true);
    expect(queue.remove('com_r')).toBe(true);
    expect(queue.remove('com_x')).toBe(false);
    expect(queue.view().map((entry) => entry.commissionId)).toEqual(['com_b']);
  });

  it('wakes for the earliest of releases, reminders and unpassed expiries; a review is never released by time', () => {
    const queue = new HoldQueue();
    queue.hold(held('com_a', '2026-03-10T00:00:00.000Z'));
    queue.startReview(review('com_r', '2026-03-05T00:00:00.000Z', '2026-03-04T00:00:00.000Z'));
    expect(queue.nextWakeAt()).toBe('2026-03-04T00:00:00.000Z');
    queue.update(['com_r'], () => ({ expired: true }));
    expect(queue.nextWakeAt()).toBe('2026-03-05T00:00:00.000Z');
    expect(queue.takeDue('2026-12-31T00:00:00.000Z').map((entry) => entry.commissionId)).toEqual(['com_a']);
    expect(queue.view()).toEqual([expect.objectContaining({ commissionId: 'com_r', awaitingReview: true, review: expect.objectContaining({ expired: true }) })]);
  });

  it('survives a snapshot round trip (continue-as-new) unchanged', () => {
    const queue = new HoldQueue();
    queue.hold(held('com_b', '2026-03-11T00:00:00.000Z'));
    queue.hold(held('com_a', '2026-03-10T00:00:00.000Z'));
    queue.startReview(review('com_r', '2026-03-02T00:00:00.000Z'));
    const copy = HoldQueue.from(JSON.parse(JSON.stringify(queue.snapshot())));
    expect(copy.view()).toEqual(queue.view());
    expect(copy.nextWakeAt()).toBe(queue.nextWakeAt());
  });
});

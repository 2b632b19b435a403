import type { Activities, BroadcastBatchResult } from '@partnerflow/activities';
import type { BroadcastCancellation } from '@partnerflow/domain';

/**
 * Activity stand-ins for the broadcast workflow's tests and replay captures: `recipients`
 * partners queued per broadcast, batches taken from the front, reminders to those not in
 * `readers`, a broadcast's first cancellation kept. Every call is logged. Never registered by the
 * worker.
 */
export function broadcastStubs({ recipients, readers = [] }: { recipients: number; readers?: number[] }) {
  const queues = new Map<string, number[]>();
  const cancellations = new Map<string, BroadcastCancellation>();
  const batches: number[][] = [];
  const reminders: { round: number; partners: number[] }[] = [];
  const calls: string[] = [];
  const remindedInRound = new Map<number, Set<number>>();

  const activities: Partial<Activities> = {
    resolveBroadcastRecipients: async () => {
      calls.push('resolve');
      return { recipients, partners: recipients };
    },
    sendBroadcastBatch: async ({ broadcastId, limit }): Promise<BroadcastBatchResult> => {
      const queued = queues.get(broadcastId) ?? Array.from({ length: recipients }, (_, index) => index);
      const batch = queued.slice(0, limit);
      queues.set(broadcastId, queued.slice(limit));
      batches.push(batch);
      calls.push(`batch ${batch.length}`);
      return { processed: batch.length, sent: batch.length, failed: 0 };
    },
    markBroadcastSent: async ({ at }) => {
      calls.push('sent');
      return { sentAt: at };
    },
    sendBroadcastReminders: async ({ round, limit }): Promise<BroadcastBatchResult> => {
      const done = remindedInRound.get(round) ?? new Set<number>();
      remindedInRound.set(round, done);
      const due = Array.from({ length: recipients }, (_, index) => index).filter((index) => !readers.includes(index) && !done.has(index)).slice(0, limit);
      due.forEach((index) => done.add(index));
      if (due.length > 0) reminders.push({ round, partners: due });
      calls.push(`reminders ${round}: ${due.length}`);
      return { processed: due.length, sent: due.length, failed: 0 };
    },
    recordBroadcastCancellation: async ({ broadcastId, cancelledBy }) => {
      calls.push(`cancelled by ${cancelledBy}`);
      if (!cancellations.has(broadcastId)) cancellations.set(broadcastId, { cancelledBy, cancelledAt: '2026-01-01T12:00:00.000Z' });
      return cancellations.get(broadcastId)!;
    },
  };
  return { activities, batches, reminders, calls, read: (index: number) => readers.push(index) };
}

import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities, BroadcastBatchResult } from '@partnerflow/activities';
import {
  BROADCAST_CANCEL_PATCH,
  BROADCAST_CANCEL_REFUSED,
  broadcastBatchIntervalMs,
  broadcastProgressQuery,
  cancelBroadcastUpdate,
  EMAIL_MAX_ATTEMPTS,
  NonRetryableFailure,
  type BroadcastCancelRequest,
  type BroadcastProgress,
  type BroadcastWorkflowInput,
} from '@partnerflow/domain';

const nonRetryableErrorTypes = Object.values(NonRetryableFailure);
const database = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});
/**
 * A batch sends up to a few hundred messages and heartbeats after each, so a worker that dies
 * mid-batch is noticed within the heartbeat timeout and the batch resumes on another worker.
 */
const sending = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: EMAIL_MAX_ATTEMPTS, nonRetryableErrorTypes },
});

const HISTORY_EVENTS_PER_RUN = 10_000;
const workflowNow = () => Date.now();
const HOUR_MS = 3_600_000;

/**
 * A broadcast (`broadcast-<broadcastId>`): waits for its schedule, freezes the recipient list, then
 * sends in batches paced to the rate limit — every batch picks the recipients still queued, so a
 * crash mid-batch resumes where the database says it stopped and no one gets a second copy. Then
 * reminders, on durable timers, to those who have not read (or acknowledged) it. An operator's
 * cancellation (cancelBroadcastUpdate) is recorded at once and stops it at the next batch boundary.
 */
export async function broadcastWorkflow(input: BroadcastWorkflowInput): Promise<BroadcastProgress> {
  const { broadcastId, pace, reminders } = input;
  const progress: BroadcastProgress = input.carried ?? { phase: 'scheduled', recipients: 0, sent: 0, failed: 0, batches: 0, remindersDone: 0, sentAt: null };
  let cancellation: BroadcastCancelRequest | undefined;
  const cancelled = () => cancellation !== undefined;
  setHandler(broadcastProgressQuery, () => progress);
  setHandler(
    cancelBroadcastUpdate,
    async (request) => {
      // A repeat (another operator, a retried request) stands for the first one.
      const first = (cancellation ??= request);
      return database.recordBroadcastCancellation({ broadcastId, ...first });
    },
    {
      validator: (request) => {
        if (!request?.cancelledBy) throw new Error('a cancellation names who cancels (cancelledBy)');
        if (progress.phase === 'done') {
          throw ApplicationFailure.create({ type: BROADCAST_CANCEL_REFUSED, message: 'the broadcast has finished: there is nothing left to send or remind', nonRetryable: true });
        }
      },
    },
  );
  const runIsFull = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= HISTORY_EVENTS_PER_RUN;
  const carryOn = () => continueAsNew<typeof broadcastWorkflow>({ ...input, carried: progress });

  if (progress.phase === 'scheduled') {
    const startAt = input.scheduleAt ? Date.parse(input.scheduleAt) : 0;
    if (startAt > workflowNow()) await wait(startAt - workflowNow());
    if (!cancelled()) {
      progress.recipients = (await database.resolveBroadcastRecipients({ broadcastId })).partners;
      progress.phase = 'sending';
    }
  }

  if (progress.phase === 'sending') {
    const sentToAll = await inBatches(async () => {
      const batch = await sending.sendBroadcastBatch({ broadcastId, limit: pace.batchSize });
      count(progress, batch);
      return batch;
    });
    if (sentToAll) {
      const at = new Date(workflowNow()).toISOString();
      progress.sentAt = (await database.markBroadcastSent({ broadcastId, at })).sentAt;
      progress.phase = reminders ? 'reminding' : 'done';
    }
  }

  while (progress.phase === 'reminding' && reminders && progress.remindersDone < reminders.max && !cancelled()) {
    const round = progress.remindersDone + 1;
    const dueAt = Date.parse(progress.sentAt!) + round * reminders.everyHours * HOUR_MS;
    if (dueAt > workflowNow()) await wait(dueAt - workflowNow());
    if (!(await inBatches(() => sending.sendBroadcastReminders({ broadcastId, round, limit: pace.batchSize })))) break;
    progress.remindersDone = round;
  }
  if (cancelled()) {
    progress.phase = 'cancelled';
    // (the cancellation's record is written before the run ends)
    await condition(allHandlersFinished);
    return progress;
  }
  progress.phase = 'done';
  return progress;

  /**
   * Batches until one comes back short (nobody left), paced to the rate; false when a cancellation
   * came first — it is looked at before each batch, so a batch being sent finishes.
   */
  async function inBatches(send: () => Promise<BroadcastBatchResult>): Promise<boolean> {
    for (;;) {
      if (cancelled()) return false;
      if (runIsFull()) await carryOn();
      const started = workflowNow();
      const batch = await send();
      if (batch.processed < pace.batchSize) return true;
      await pause(pace.batchSize, started);
    }
  }

  /** Keeps the pace under the rate: a batch of `size` takes at least size/rate minutes. */
  async function pause(size: number, started: number): Promise<void> {
    const remaining = broadcastBatchIntervalMs(pace, size) - (workflowNow() - started);
    if (remaining > 0) await wait(remaining);
  }

  /**
   * A durable timer that a cancellation cuts short. (patched: workflows that began this timer
   * before cancelling existed sleep it out, and notice a cancellation when they wake.)
   */
  async function wait(ms: number): Promise<void> {
    if (patched(BROADCAST_CANCEL_PATCH)) await condition(cancelled, ms);
    else await sleep(ms);
  }
}

function count(progress: BroadcastProgress, batch: BroadcastBatchResult): void {
  progress.sent += batch.sent;
  progress.failed += batch.failed;
  progress.batches += 1;
}

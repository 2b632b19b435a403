import { continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities, BroadcastBatchResult } from '@partnerflow/activities';
import {
  broadcastBatchIntervalMs,
  broadcastProgressQuery,
  EMAIL_MAX_ATTEMPTS,
  NonRetryableFailure,
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
 * reminders, on durable timers, to those who have not read (or acknowledged) it.
 */
export async function broadcastWorkflow(input: BroadcastWorkflowInput): Promise<BroadcastProgress> {
  const { broadcastId, pace, reminders } = input;
  const progress: BroadcastProgress = input.carried ?? { phase: 'scheduled', recipients: 0, sent: 0, failed: 0, batches: 0, remindersDone: 0, sentAt: null };
  setHandler(broadcastProgressQuery, () => progress);
  const runIsFull = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= HISTORY_EVENTS_PER_RUN;
  const carryOn = () => continueAsNew<typeof broadcastWorkflow>({ ...input, carried: progress });

  if (progress.phase === 'scheduled') {
    const startAt = input.scheduleAt ? Date.parse(input.scheduleAt) : 0;
    if (startAt > workflowNow()) await sleep(startAt - workflowNow());
    progress.recipients = (await database.resolveBroadcastRecipients({ broadcastId })).partners;
    progress.phase = 'sending';
  }

  while (progress.phase === 'sending') {
    if (runIsFull()) await carryOn();
    const started = workflowNow();
    const batch = await sending.sendBroadcastBatch({ broadcastId, limit: pace.batchSize });
    count(progress, batch);
    if (batch.processed < pace.batchSize) {
      const at = new Date(workflowNow()).toISOString();
      progress.sentAt = (await database.markBroadcastSent({ broadcastId, at })).sentAt;
      progress.phase = reminders ? 'reminding' : 'done';
      break;
    }
    await pause(pace.batchSize, started);
  }

  while (progress.phase === 'reminding' && reminders && progress.remindersDone < reminders.max) {
    const round = progress.remindersDone + 1;
    const dueAt = Date.parse(progress.sentAt!) + round * reminders.everyHours * HOUR_MS;
    if (dueAt > workflowNow()) await sleep(dueAt - workflowNow());
    for (;;) {
      if (runIsFull()) await carryOn();
      const started = workflowNow();
      const batch = await sending.sendBroadcastReminders({ broadcastId, round, limit: pace.batchSize });
      if (batch.processed < pace.batchSize) break;
      await pause(pace.batchSize, started);
    }
    progress.remindersDone = round;
  }
  progress.phase = 'done';
  return progress;

  /** Keeps the pace under the rate: a batch of `size` takes at least size/rate minutes. */
  async function pause(size: number, started: number): Promise<void> {
    const wait = broadcastBatchIntervalMs(pace, size) - (workflowNow() - started);
    if (wait > 0) await sleep(wait);
  }
}

function count(progress: BroadcastProgress, batch: BroadcastBatchResult): void {
  progress.sent += batch.sent;
  progress.failed += batch.failed;
  progress.batches += 1;
}

import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '@partnerflow/activities';
import { broadcastProgressQuery, cancelBroadcastUpdate, type BroadcastWorkflowInput } from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { broadcastWorkflow } from './broadcast.workflow';
import { broadcastStubs } from './broadcast.test-stubs';

jest.setTimeout(120_000);

/** Polls (in real time) until `check` passes. */
async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('broadcastWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run(stubs: ReturnType<typeof broadcastStubs>, input: Omit<BroadcastWorkflowInput, 'broadcastId' | 'programId'>, drive?: (workflowId: string) => Promise<void>) {
    const taskQueue = `test-${randomUUID()}`;
    const workflowId = `broadcast-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs.activities as Activities });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(broadcastWorkflow, { taskQueue, workflowId, args: [{ broadcastId: 'brd_test', programId: 'prg_test', ...input }] });
      await drive?.(workflowId);
      return { progress: await handle.result(), history: await handle.fetchHistory() };
    });
  }

  /** The timers the workflow slept on, in seconds, in order. */
  const timers = (history: Awaited<ReturnType<typeof run>>['history']) =>
    (history.events ?? []).flatMap((event) => {
      const timeout = event.timerStartedEventAttributes?.startToFireTimeout;
      return timeout ? [Number(timeout.seconds ?? 0) + Math.round((timeout.nanos ?? 0) / 1e9)] : [];
    });

  it('sends in batches paced to the rate limit, then marks the broadcast sent', async () => {
    const stubs = broadcastStubs({ recipients: 25 });
    const { progress, history } = await run(stubs, { pace: { batchSize: 10, ratePerMinute: 60 } });
    expect(stubs.batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(stubs.calls).toEqual(['resolve', 'batch 10', 'batch 10', 'batch 5', 'sent']);
    // 10 messages at 60 a minute: at least 10 s per full batch (less what the batch itself took).
    expect(timers(history).every((seconds) => seconds >= 9 && seconds <= 10)).toBe(true);
    expect(timers(history)).toHaveLength(2);
    expect(progress).toMatchObject({ phase: 'done', recipients: 25, sent: 25, failed: 0, batches: 3, remindersDone: 0 });
  });

  it('waits for its schedule before resolving anyone', async () => {
    const stubs = broadcastStubs({ recipients: 3 });
    // (the test server's clock, which earlier tests skipped ahead)
    const scheduleAt = new Date((await env.currentTimeMs()) + 2 * 86_400_000).toISOString();
    await run(stubs, { scheduleAt, pace: { batchSize: 10, ratePerMinute: 600 } }, async (workflowId) => {
      const handle = env.client.workflow.getHandle(workflowId);
      const waiting = await eventually(() => handle.query(broadcastProgressQuery), (p) => p.phase === 'scheduled');
      expect(waiting.recipients).toBe(0);
      expect(stubs.calls).toEqual([]);
    });
    expect(stubs.calls).toEqual(['resolve', 'batch 3', 'sent']);
  });

  it('reminds on its timers, each round only those who have not read it by then', async () => {
    const stubs = broadcastStubs({ recipients: 4, readers: [0] });
    const { progress, history } = await run(stubs, { pace: { batchSize: 10, ratePerMinute: 600 }, reminders: { everyHours: 24, max: 2 } }, async (workflowId) => {
      const handle = env.client.workflow.getHandle(workflowId);
      await eventually(() => handle.query(broadcastProgressQuery), (p) => p.phase === 'reminding');
      await env.sleep('25 hours'); // (queries do not skip time; the environment's sleep does)
      await eventually(() => handle.query(broadcastProgressQuery), (p) => p.remindersDone === 1);
      stubs.read(2);
    });
    expect(stubs.reminders).toEqual([
      { round: 1, partners: [1, 2, 3] },
      { round: 2, partners: [1, 3] },
    ]);
    expect(timers(history)).toEqual([86_400, 86_400]);
    expect(progress).toMatchObject({ phase: 'done', remindersDone: 2 });
  });

  const cancel = (workflowId: string, cancelledBy = 'key_ops') => env.client.workflow.getHandle(workflowId).executeUpdate(cancelBroadcastUpdate, { args: [{ cancelledBy, requestId: 'req_1' }] });

  it('stops at the next batch boundary when cancelled mid fan-out: the rest get nothing', async () => {
    const stubs = broadcastStubs({ recipients: 25 });
    const { progress } = await run(stubs, { pace: { batchSize: 10, ratePerMinute: 60 } }, async (workflowId) => {
      // After the first batch it waits 10 s (of real time: nothing here skips it) before the next.
      await eventually(() => env.client.workflow.getHandle(workflowId).query(broadcastProgressQuery), (p) => p.batches === 1);
      expect(await cancel(workflowId)).toEqual({ cancelledBy: 'key_ops', cancelledAt: '2026-01-01T12:00:00.000Z' });
    });
    expect(stubs.calls).toEqual(['resolve', 'batch 10', 'cancelled by key_ops']);
    expect(progress).toMatchObject({ phase: 'cancelled', recipients: 25, sent: 10, batches: 1, sentAt: null });
  });

  it('cancelled while waiting for its schedule: no one is resolved, and it ends without waiting', async () => {
    const stubs = broadcastStubs({ recipients: 3 });
    const scheduleAt = new Date((await env.currentTimeMs()) + 2 * 86_400_000).toISOString();
    const { progress, history } = await run(stubs, { scheduleAt, pace: { batchSize: 10, ratePerMinute: 600 } }, async (workflowId) => {
      await eventually(() => env.client.workflow.getHandle(workflowId).query(broadcastProgressQuery), (p) => p.phase === 'scheduled');
      await cancel(workflowId);
    });
    expect(stubs.calls).toEqual(['cancelled by key_ops']);
    expect(progress).toMatchObject({ phase: 'cancelled', recipients: 0, batches: 0 });
    // The two days' timer was cut short, not slept out.
    const timerEnds = (history.events ?? []).flatMap((event) => (event.timerCanceledEventAttributes ? ['canceled'] : event.timerFiredEventAttributes ? ['fired'] : []));
    expect(timerEnds).toEqual(['canceled']);
  });

  it('sends no more reminders once cancelled', async () => {
    const stubs = broadcastStubs({ recipients: 4 });
    const { progress } = await run(stubs, { pace: { batchSize: 10, ratePerMinute: 600 }, reminders: { everyHours: 24, max: 2 } }, async (workflowId) => {
      await eventually(() => env.client.workflow.getHandle(workflowId).query(broadcastProgressQuery), (p) => p.phase === 'reminding');
      await cancel(workflowId);
    });
    expect(stubs.reminders).toEqual([]);
    expect(stubs.calls).toEqual(['resolve', 'batch 4', 'sent', 'cancelled by key_ops']);
    expect(progress).toMatchObject({ phase: 'cancelled', sent: 4, remindersDone: 0 });
  });
});

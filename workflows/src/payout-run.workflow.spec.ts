import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { decidePayoutsUpdate, markPayoutPaidUpdate, PAYOUT_UPDATE_REFUSED, payoutRunStateQuery, type PayoutRunState } from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { payoutRunScheduleWorkflow } from './payout-run-schedule.workflow';
import { testPayoutActivities, type ScriptedPayout, type TestPayoutActivities } from './payout-run.test-activities';
import { payoutRunWorkflow } from './payout-run.workflow';

type Handle = WorkflowHandle<typeof payoutRunWorkflow>;

/** Polls (in real time: queries do not skip the server's clock) until `check` passes; a loaded machine is slow. */
async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const EventType = temporal.api.enums.v1.EventType;
const TASK_EVENTS: number[] = [
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
];

/**
 * Until the latest run waits — its last workflow task completed, no activity in flight, not
 * continued as new — in a state that passes `check`. A query alone also answers from a run that
 * just continued as new and has not loaded its payout run yet, which refuses updates for a moment.
 */
async function atRest(handle: Handle, check: (state: PayoutRunState) => boolean): Promise<void> {
  await eventually(
    async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const count = (...types: number[]) => events.filter((event) => types.includes(event.eventType ?? 0)).length;
      const lastTask = events.filter((event) => TASK_EVENTS.includes(event.eventType ?? 0)).at(-1)?.eventType;
      const waiting =
        lastTask === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED &&
        count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) === count(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED) &&
        count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) === 0;
      return waiting && check(await handle.query(payoutRunStateQuery));
    },
    Boolean,
  );
}

async function refusal(update: Promise<unknown>): Promise<string> {
  const error = await update.then(() => undefined, (failure: unknown) => failure);
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe(PAYOUT_UPDATE_REFUSED);
  return cause.message;
}

// Workers bundle and start per test, and skip days of timers; on a loaded 2-core machine that takes minutes.
jest.setTimeout(300_000);

describe('payoutRunWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function withWorker(double: TestPayoutActivities, drive: (taskQueue: string) => Promise<void>) {
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: double.activities });
    await worker.runUntil(drive(taskQueue));
  }

  const run = (scripts: ScriptedPayout[], approval = {}) => testPayoutActivities(scripts, approval);
  const state = (handle: Handle) => handle.query(payoutRunStateQuery);
  const approve = (handle: Handle, approverId: string, payoutIds?: string[]) =>
    handle.executeUpdate(decidePayoutsUpdate, { args: [{ decision: 'approve', approverId, ...(payoutIds ? { payoutIds } : {}) }] });

  it('onNoApproval "skip": payouts still waiting are skipped to the next run, and the partners told', async () => {
    const double = run([{ partnerId: 'ptn_a', status: 'awaiting_approval' }, { partnerId: 'ptn_b', status: 'approved' }], { onNoApproval: 'skip', skipAfterHours: 48 });
    await withWorker(double, async (taskQueue) => {
      const handle = await env.client.workflow.start(payoutRunWorkflow, { workflowId: 'payout-prg_skip-2026-10-31', taskQueue, args: [{ programId: 'prg_skip', periodEnd: '2026-10-31' }] });
      await eventually(() => state(handle), (s) => s.phase === 'awaiting_approval' && s.disbursed === 1);
      expect(double.calls.batches[0].window.deadlineAt).not.toBeNull();
      await env.sleep('47 hours');
      expect(double.calls.skipped).toEqual([]);
      await env.sleep('2 hours');
      expect(await handle.result()).toMatchObject({ phase: 'completed' });
      expect(double.calls.skipped).toEqual(['pay_ptn_a']);
      // (the paid payout is told by the payout-processed notification rule, not by the run)
      expect(double.calls.notices).toEqual(['pay_ptn_a:skipped']);
    });
  });

  it('polls a provider that settles by itself, and a refusal fails only its own payout', async () => {
    const double = run([
      { partnerId: 'ptn_a', status: 'approved', provider: 'settles_on_poll' },
      { partnerId: 'ptn_b', status: 'approved', provider: 'refused' },
      { partnerId: 'ptn_c', status: 'approved' },
    ]);
    await withWorker(double, async (taskQueue) => {
      const handle = await env.client.workflow.start(payoutRunWorkflow, { workflowId: 'payout-prg_poll-2026-10-31', taskQueue, args: [{ programId: 'prg_poll', periodEnd: '2026-10-31' }] });
      expect(await handle.result()).toMatchObject({ phase: 'completed', disbursed: 3 });
      expect(double.calls.polls).toBe(1);
      expect(double.calls.notices).toEqual(['pay_ptn_b:failed']);
    });
  });

  it('pays thousands in batches and waves, continuing as new, every payout sent exactly once', async () => {
    const scripts: ScriptedPayout[] = Array.from({ length: 40 }, (_, i) => ({ partnerId: `ptn_${String(i).padStart(3, '0')}`, status: i % 4 === 0 ? 'awaiting_approval' : 'approved' }));
    const double = run(scripts);
    await withWorker(double, async (taskQueue) => {
      const handle = await env.client.workflow.start(payoutRunWorkflow, {
        workflowId: 'payout-prg_many-2026-10-31',
        taskQueue,
        args: [{ programId: 'prg_many', periodEnd: '2026-10-31', batchSize: 7, disburseWave: 4, historyLimit: 60 }],
      });
      await atRest(handle, (s) => s.awaitingApproval === 10 && s.phase === 'awaiting_approval');
      expect((await approve(handle, 'key_alice')).approved).toHaveLength(10);
      expect(await handle.result()).toMatchObject({ phase: 'completed' });
      expect(double.calls.batches.length).toBeGreaterThanOrEqual(6);
      expect(new Set(double.calls.providerCalls).size).toBe(40);
      expect(double.calls.providerCalls).toHaveLength(40);
      // Each wave's payout events go to one batch dispatch (at most a wave's worth), every event once.
      const handedOver = double.calls.dispatchBatches.flatMap((batch) => batch.eventIds);
      expect(handedOver.sort()).toEqual(scripts.map((script) => `evt_pay_${script.partnerId}`).sort());
      expect(double.calls.dispatchBatches.every(({ batchKey, eventIds }) => eventIds.length <= 4 && batchKey === `payout-prg_many-2026-10-31-${eventIds[0]}`)).toBe(true);
      const description = await handle.describe();
      expect(description.runId).not.toBe(handle.firstExecutionRunId);
    });
  });
  // Last: the Java test server seems to keep time skipping locked after refused updates.
  it('schedule fire → gates → approvals with reminder and escalation → disbursement → paid', async () => {
    const double = run([
      { partnerId: 'ptn_a', status: 'approved' },
      { partnerId: 'ptn_b', status: 'awaiting_approval', provider: 'manual' },
      { partnerId: 'ptn_c', status: 'awaiting_approval', approvalsRequired: 2 },
      { partnerId: 'ptn_d', status: 'carried_over' },
      { partnerId: 'ptn_e', status: 'held' },
    ]);
    await withWorker(double, async (taskQueue) => {
      const programId = `prg_${randomUUID().slice(0, 8)}`;
      const fired = await env.client.workflow.execute(payoutRunScheduleWorkflow, { workflowId: `payout-schedule-${programId}-tick`, taskQueue, args: [{ programId }] });
      expect(fired).toMatchObject({ runId: `payout-${programId}-${fired.periodEnd}`, started: true });
      expect(fired.periodEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const handle: Handle = env.client.workflow.getHandle(fired.runId);

      // The gates ran: the approved payout went out at once, the others wait or were explained.
      await eventually(() => state(handle), (s: PayoutRunState) => s.phase === 'awaiting_approval' && s.awaitingApproval === 2 && s.disbursed === 1);
      await eventually(() => double.calls.notices.length, (n) => n === 2);
      expect(double.calls.notices).toEqual(['pay_ptn_d:carried_over', 'pay_ptn_e:held']);
      expect(double.calls.approverNotices.map((n) => n.kind)).toEqual(['requested']);
      expect(double.calls.batches[0].window).toMatchObject({ deadlineAt: null });

      await env.sleep('25 hours');
      await eventually(() => double.calls.approverNotices.length, (n) => n === 2);
      expect(double.calls.approverNotices[1]).toMatchObject({ kind: 'reminder', sequence: 1, waiting: 2, waitingHours: 24 });
      await env.sleep('48 hours');
      await eventually(() => double.calls.approverNotices.map((n) => n.kind), (kinds) => kinds.includes('escalation'));
      expect(double.calls.approverNotices.find((n) => n.kind === 'escalation')).toMatchObject({ waitingHours: 72 });

      expect(await approve(handle, 'key_alice')).toEqual({ runId: fired.runId, approved: ['pay_ptn_b'], awaitingAnotherApproval: ['pay_ptn_c'], rejected: [] });
      expect(await refusal(approve(handle, 'key_alice', ['pay_ptn_c']))).toBe('you already approved pay_ptn_c: the other approval must come from someone else');
      expect(await refusal(approve(handle, 'key_alice'))).toContain('you already approved every payout waiting');
      expect(await approve(handle, 'key_bob', ['pay_ptn_c'])).toMatchObject({ approved: ['pay_ptn_c'] });
      expect(double.calls.decisions).toHaveLength(2);

      // The manual payout waits for finance; the other was paid by its provider.
      await eventually(() => [double.statusOf('ptn_b'), double.statusOf('ptn_c')], ([b, c]) => b === 'processing' && c === 'paid');
      // (the double answers inside the activities; the run's state follows once it has their results)
      await eventually(() => state(handle), (s: PayoutRunState) => s.phase === 'disbursing' && s.pendingAtProvider === 1);
      const paid = await handle.executeUpdate(markPayoutPaidUpdate, { args: [{ payoutId: 'pay_ptn_b', reference: 'CHQ-1001', operatorId: 'key_finance' }] });
      expect(paid).toEqual({ payoutId: 'pay_ptn_b', outcome: 'paid', status: 'paid' });
      expect(await handle.result()).toMatchObject({ runId: fired.runId, phase: 'completed' });
      expect(double.calls.providerCalls.sort()).toEqual(['pay_ptn_a', 'pay_ptn_b', 'pay_ptn_c']);
      expect(double.calls.statuses).toEqual(['awaiting_approval', 'disbursing', 'completed']);
      // Paid by the provider, by a poll or by finance: the run sends no notice of its own (the payout-processed rule does).
      expect(double.calls.notices).toEqual(['pay_ptn_d:carried_over', 'pay_ptn_e:held']);
    });
  });
});

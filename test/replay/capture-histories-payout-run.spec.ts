// (Re)captures the histories of the payout run workflows, like capture-histories.spec.ts (same
// command, same refusal to hide a non-deterministic change):
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories-payout-run
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { decidePayoutsUpdate, markPayoutPaidUpdate, payoutRunStateQuery, payoutRunWorkflowId, type PayoutApprovalPolicy, type PayoutRunState } from '@partnerflow/domain';
import { payoutRunReturnWorkflow, payoutRunScheduleWorkflow, payoutRunWorkflow } from '@partnerflow/workflows';
import { testPayoutActivities, type ScriptedPayout, type TestPayoutActivities } from '../../workflows/src/payout-run.test-activities';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { completedHistory, refuseToHideANonDeterministicChange, save, startCaptureWorker, TASK_QUEUE } from './capture-support';

const EventType = temporal.api.enums.v1.EventType;
const WORKFLOW_TASK_EVENTS: number[] = [
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
];
const CAPTURED_FILES = [
  'payoutRunWorkflow-completed.json',
  'payoutRunWorkflow-awaiting-approval.json',
  'payoutRunWorkflow-approved-by-two-after-reminders.json',
  'payoutRunWorkflow-skipped-unapproved.json',
  'payoutRunWorkflow-continued-as-new-first-run.json',
  'payoutRunScheduleWorkflow-started-run.json',
  'payoutRunReturnWorkflow-returned.json',
];
const SCRIPTS: ScriptedPayout[] = [
  { partnerId: 'ptn_replay_a', status: 'approved' },
  { partnerId: 'ptn_replay_b', status: 'carried_over' },
  { partnerId: 'ptn_replay_c', status: 'held' },
  { partnerId: 'ptn_replay_d', status: 'awaiting_approval', approvalsRequired: 2 },
  { partnerId: 'ptn_replay_e', status: 'awaiting_approval', provider: 'manual' },
  { partnerId: 'ptn_replay_f', status: 'approved', provider: 'refused' },
];

type RunHandle = WorkflowHandle<typeof payoutRunWorkflow>;
const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture payout run histories (CAPTURE_HISTORIES is set)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    bundle = await workflowBundle();
    await refuseToHideANonDeterministicChange(bundle, CAPTURED_FILES);
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /**
   * One scenario on its own double (each has its own payouts and policy) and worker, on the fixed
   * capture queue; what is still open afterwards is terminated, so later scenarios' skipped time
   * does not wake it against another double.
   */
  async function scenario(approval: Partial<PayoutApprovalPolicy>, drive: (client: Client, double: TestPayoutActivities, opened: WorkflowHandle[]) => Promise<void>) {
    const double = testPayoutActivities(SCRIPTS, approval);
    const worker = await startCaptureWorker(env, bundle, double.activities);
    const opened: WorkflowHandle[] = [];
    try {
      await drive(worker.client, double, opened);
    } finally {
      for (const handle of opened) await handle.terminate('captured').catch(() => undefined);
      await worker.stop();
    }
  }

  const startRun = async (client: Client, opened: WorkflowHandle[], program: string, extra: Record<string, unknown> = {}) => {
    const handle = await client.workflow.start(payoutRunWorkflow, { workflowId: payoutRunWorkflowId(program, '2026-10-31'), taskQueue: TASK_QUEUE, args: [{ programId: program, periodEnd: '2026-10-31', ...extra }] });
    opened.push(handle);
    return handle;
  };
  const approve = (handle: RunHandle, approverId: string, payoutIds?: string[]) =>
    handle.executeUpdate(decidePayoutsUpdate, { args: [{ decision: 'approve', approverId, ...(payoutIds ? { payoutIds } : {}) }] });

  /** The history once the run waits: its state passes `check`, no activity is in flight, its last workflow task completed. */
  async function settled(handle: RunHandle, check: (state: PayoutRunState) => boolean): Promise<History> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      const count = (type: temporal.api.enums.v1.EventType) => events.filter((event) => event.eventType === type).length;
      const idle = count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) === count(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) + count(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED);
      const lastTask = events.filter((event) => WORKFLOW_TASK_EVENTS.includes(event.eventType ?? 0)).at(-1);
      if (idle && lastTask?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && check(await handle.query(payoutRunStateQuery))) return history;
      if (Date.now() > deadline) throw new Error(`${handle.workflowId} did not settle`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('a run from snapshot to the last payment: paid, carried over, held, refused, two approvers, a manual payment', async () => {
    await scenario({}, async (client, _double, opened) => {
      const handle = await startRun(client, opened, 'prg_replay_done');
      await settled(handle, (s) => s.phase === 'awaiting_approval');
      await approve(handle, 'key_alice');
      await approve(handle, 'key_bob', ['pay_ptn_replay_d']);
      await settled(handle, (s) => s.pendingAtProvider === 1 && s.awaitingApproval === 0);
      await handle.executeUpdate(markPayoutPaidUpdate, { args: [{ payoutId: 'pay_ptn_replay_e', reference: 'CHQ-1', operatorId: 'key_finance' }] });
      save('payoutRunWorkflow-completed.json', await completedHistory(handle));
    });
  });

  it('waiting for approvals', async () => {
    await scenario({}, async (client, _double, opened) => {
      const handle = await startRun(client, opened, 'prg_replay_waiting');
      save('payoutRunWorkflow-awaiting-approval.json', await settled(handle, (s) => s.phase === 'awaiting_approval' && s.disbursed === 2));
    });
  });

  it('reminded and escalated, then approved by two different people; the manual payment pending', async () => {
    await scenario({}, async (client, _double, opened) => {
      const handle = await startRun(client, opened, 'prg_replay_two');
      await settled(handle, (s) => s.phase === 'awaiting_approval' && s.disbursed === 2);
      await env.sleep('73 hours');
      await settled(handle, (s) => s.clock?.escalated === true);
      await approve(handle, 'key_alice');
      await approve(handle, 'key_bob', ['pay_ptn_replay_d']);
      save('payoutRunWorkflow-approved-by-two-after-reminders.json', await settled(handle, (s) => s.pendingAtProvider === 1 && s.awaitingApproval === 0));
    });
  });

  it('unapproved payouts skipped to the next run', async () => {
    await scenario({ onNoApproval: 'skip', skipAfterHours: 48 }, async (client, double, opened) => {
      const handle = await startRun(client, opened, 'prg_replay_skip');
      await settled(handle, (s) => s.phase === 'awaiting_approval' && s.disbursed === 2);
      await env.sleep('49 hours');
      await settled(handle, () => double.calls.skipped.length === 2);
      save('payoutRunWorkflow-skipped-unapproved.json', await completedHistory(handle));
    });
  });

  it('a long run continues as new', async () => {
    await scenario({}, async (client, _double, opened) => {
      const handle = await startRun(client, opened, 'prg_replay_long', { batchSize: 2, disburseWave: 1, historyLimit: 30 });
      const deadline = Date.now() + 20_000;
      while ((await handle.describe()).runId === handle.firstExecutionRunId) {
        if (Date.now() > deadline) throw new Error('the run did not continue as new');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      save('payoutRunWorkflow-continued-as-new-first-run.json', await client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory());
    });
  });

  it('a schedule firing starts the due run', async () => {
    await scenario({}, async (client, _double, opened) => {
      const fired = await client.workflow.start(payoutRunScheduleWorkflow, { workflowId: 'payout-schedule-prg_replay_tick-fired', taskQueue: TASK_QUEUE, args: [{ programId: 'prg_replay_tick' }] });
      const { runId } = await fired.result();
      opened.push(client.workflow.getHandle(runId));
      save('payoutRunScheduleWorkflow-started-run.json', await fired.fetchHistory());
    });
  });

  it('a returned payment', async () => {
    await scenario({}, async (client, double) => {
      double.payouts.get('pay_ptn_replay_a')!.current = 'paid';
      const handle = await client.workflow.start(payoutRunReturnWorkflow, { workflowId: 'payout-return-pay_ptn_replay_a', taskQueue: TASK_QUEUE, args: [{ payoutId: 'pay_ptn_replay_a', reason: 'account closed', operatorId: 'key_finance' }] });
      save('payoutRunReturnWorkflow-returned.json', await completedHistory(handle));
    });
  });
});

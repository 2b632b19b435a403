import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  commissionHoldStateQuery,
  commissionHoldWorkflowId,
  commissionReviewDecisionSignal,
  conversionCreditedSignal,
  renderEmail,
  type CommissionHoldState,
} from '@partnerflow/domain';
import { createTimeSkippingEnvironment, untilIdle, workflowBundle } from '../../test/support/temporal';
import { commissionHoldWorkflow } from './commission-hold.workflow';
import { testLedger, type TestLedger } from './commission-hold.test-ledger';

type Handle = WorkflowHandle<typeof commissionHoldWorkflow>;

/** Polls (in real time: queries do not skip the server's clock) until `check` passes. */
async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The emails the workflow asked for render with the variables it passed (the email activity adds the partner's). */
function renderedEmails(ledger: TestLedger) {
  const partner = { partnerName: 'Ada', programName: 'Acme', partnerEmail: 'ada@example.com', partnerId: 'ptn_1' };
  return [...ledger.calls.partnerEmails, ...ledger.calls.operatorEmails].map((request) => renderEmail(request.template, { ...partner, ...request.variables }));
}

// Several tests run a worker through continue-as-new and skipped 30-day timers; on a loaded 2-core
// machine one took over a minute, so they get three.
jest.setTimeout(180_000);

describe('commissionHoldWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** A worker on the ledger's stubs, and a partner whose conversions are credited like the api does (signalWithStart). */
  async function hold(ledger: TestLedger, drive: (api: { credit(conversionId: string): Promise<string>; handle: Handle; state(): Promise<CommissionHoldState> }) => Promise<void>, conversionsPerRun?: number) {
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: ledger.activities });
    const partnerId = `ptn_${randomUUID()}`;
    const workflowId = commissionHoldWorkflowId(partnerId);
    const args = [{ partnerId, programId: 'prg_test', ...(conversionsPerRun ? { conversionsPerRun } : {}) }] as const;
    const credit = async (conversionId: string) =>
      (await env.client.workflow.signalWithStart(commissionHoldWorkflow, { workflowId, taskQueue, args: [...args], signal: conversionCreditedSignal, signalArgs: [{ conversionId }] })).signaledRunId;
    const handle: Handle = env.client.workflow.getHandle(workflowId);
    // (with a deadline: a query the test server loses, see untilIdle, fails here instead of hanging)
    const state = () => env.connection.withDeadline(Date.now() + 30_000, () => handle.query(commissionHoldStateQuery));
    await worker.runUntil(drive({ credit, handle, state }));
  }

  it('releases on time: one timer to the earliest release, one approval for all due together, no email of its own', async () => {
    const ledger = testLedger();
    ledger.sale('cnv_b', { holdDays: 10, commissionIds: ['com_b1', 'com_b2'] });
    ledger.sale('cnv_a', { holdDays: 30 });
    await hold(ledger, async ({ credit, handle, state }) => {
      await credit('cnv_b');
      await credit('cnv_a');
      const held = await eventually(state, (s) => s.pending.length === 3);
      expect(held.pending.map((p) => [p.commissionId, p.awaitingReview])).toEqual([['com_b1', false], ['com_b2', false], ['com_cnv_a', false]]);
      expect(held.nextWakeAt).toBe(held.pending[0].holdUntil);
      await env.sleep('9 days');
      expect(ledger.calls.releases).toEqual([]);
      await env.sleep('2 days');
      await eventually(() => ledger.calls.releases.length, (n) => n === 1);
      const release = ledger.calls.releases[0];
      expect(release.commissionIds).toEqual(['com_b1', 'com_b2']);
      // (the timer starts when the workflow task completes, a few ms after the workflow's "now")
      expect(Date.parse(release.asOf) - Date.parse(held.pending[0].holdUntil)).toBeGreaterThanOrEqual(0);
      expect(Date.parse(release.asOf) - Date.parse(held.pending[0].holdUntil)).toBeLessThan(60_000);
      await handle.result(); // the server skips to the last release; then nothing is pending
    });
    expect(ledger.calls.releases.map((release) => release.commissionIds)).toEqual([['com_b1', 'com_b2'], ['com_cnv_a']]);
    // The partner hears of each approval from the commission-approved notification rule (on the events the release writes), not from here.
    expect(ledger.calls.partnerEmails).toEqual([]);
  });

  it('a refund inside the hold takes the commission out: it is never approved; a partial one leaves it held', async () => {
    const ledger = testLedger();
    ledger.sale('cnv_full');
    ledger.sale('cnv_part');
    ledger.refund('cnv_refund_full', ['com_cnv_full']);
    ledger.refund('cnv_refund_part', ['com_cnv_part'], false);
    await hold(ledger, async ({ credit, handle }) => {
      for (const conversionId of ['cnv_full', 'cnv_part', 'cnv_refund_full', 'cnv_refund_part']) await credit(conversionId);
      await handle.result();
    });
    expect(ledger.calls.releases.flatMap((release) => release.commissionIds)).toEqual(['com_cnv_part']);
    expect(ledger.statusOf('com_cnv_full')).toBe('reversed');
    expect(ledger.statusOf('com_cnv_part')).toBe('approved');
  });

  it('a refund after approval starts a new run that records it (a negative approved entry) and ends', async () => {
    const ledger = testLedger();
    ledger.sale('cnv_signup', { holdDays: 0 });
    ledger.refund('cnv_chargeback', ['com_cnv_signup']);
    await hold(ledger, async ({ credit, handle }) => {
      const firstRun = await credit('cnv_signup');
      await handle.result();
      expect(ledger.statusOf('com_cnv_signup')).toBe('approved');
      expect(await credit('cnv_chargeback')).not.toBe(firstRun);
      await handle.result();
    });
    expect(ledger.calls.recorded).toEqual(['cnv_signup', 'cnv_chargeback']);
    expect(ledger.statusOf('com_cnv_signup')).toBe('reversed');
    expect(ledger.calls.releases).toHaveLength(1);
  });

  it('a flagged commission waits for review — reminded every 24 h, kept waiting past its expiry — and is approved by the decision', async () => {
    const ledger = testLedger();
    ledger.sale('cnv_flagged', { holdDays: 0, review: { reminderHours: 24, expireAfterHours: 36, onExpiry: 'keep_waiting' } });
    await hold(ledger, async ({ credit, handle, state }) => {
      await credit('cnv_flagged');
      const waiting = await eventually(state, (s) => s.pending.length === 1);
      expect(waiting.pending[0]).toMatchObject({ commissionId: 'com_cnv_flagged', awaitingReview: true, review: { taskId: 'tsk_com_cnv_flagged', expired: false } });
      await env.sleep('50 hours');
      await eventually(() => ledger.calls.reminders.length, (n) => n === 2);
      expect((await state()).pending[0].review).toMatchObject({ expired: true });
      expect(ledger.calls.releases).toEqual([]);
      await handle.signal(commissionReviewDecisionSignal, { commissionId: 'com_cnv_flagged', decision: 'approve', reason: 'order checked', reviewerId: 'key_1' });
      await handle.result();
    });
    expect(ledger.calls.expired).toEqual(['com_cnv_flagged']);
    expect(ledger.calls.operatorEmails.map(({ template, step }) => [template, step])).toEqual([
      ['operator.commission_review_requested', 'commission-review-requested:cnv_flagged'],
      ['operator.commission_review_reminder', 'commission-review-reminder:com_cnv_flagged:1'],
      ['operator.commission_review_reminder', 'commission-review-reminder:com_cnv_flagged:2'],
    ]);
    expect(ledger.calls.operatorEmails[2].variables).toMatchObject({ waitingHours: '48', commissions: 'com_cnv_flagged (10.00 EUR, task tsk_com_cnv_flagged)' });
    expect(ledger.calls.decisions).toEqual([expect.objectContaining({ commissionId: 'com_cnv_flagged', decision: 'approve', reviewerId: 'key_1' })]);
    expect(ledger.calls.partnerEmails).toEqual([]);
    const [requested, reminder] = renderedEmails(ledger);
    expect(requested.text).toContain('Flags: converted 3 s after the click.');
    expect(reminder.subject).toBe('Reminder: commissions of Ada have waited 24 hours for review (Acme)');
  });

  it('rejects on the decision, approves or rejects at expiry as configured, and ignores a decision for no commission it holds', async () => {
    const ledger = testLedger();
    ledger.sale('cnv_x', { review: { expireAfterHours: 48, onExpiry: 'reject' } });
    ledger.sale('cnv_y', { review: { expireAfterHours: 48, onExpiry: 'approve' } });
    ledger.sale('cnv_z', { review: {} });
    await hold(ledger, async ({ credit, handle, state }) => {
      for (const conversionId of ['cnv_x', 'cnv_y', 'cnv_z']) await credit(conversionId);
      await eventually(state, (s) => s.pending.length === 3);
      await handle.signal(commissionReviewDecisionSignal, { commissionId: 'com_unknown', decision: 'approve', reason: 'typo', reviewerId: 'key_1' });
      await handle.signal(commissionReviewDecisionSignal, { commissionId: 'com_cnv_z', decision: 'reject', reason: 'self-referral', reviewerId: 'key_1' });
      await handle.result();
    });
    expect(ledger.calls.decisions.map(({ commissionId, decision, reviewerId }) => [commissionId, decision, reviewerId])).toEqual([
      ['com_cnv_z', 'reject', 'key_1'],
      ['com_cnv_x', 'reject', 'deadline'],
      ['com_cnv_y', 'approve', 'deadline'],
    ]);
    expect(ledger.calls.partnerEmails).toEqual([]);
    expect(ledger.calls.releases).toEqual([]);
  });

  it('continues as new with its pending set, and a repeated signal creates nothing twice', async () => {
    const ledger = testLedger();
    const conversions = ['cnv_1', 'cnv_2', 'cnv_3', 'cnv_4', 'cnv_5'];
    for (const conversionId of conversions) ledger.sale(conversionId);
    await hold(
      ledger,
      async ({ credit, handle, state }) => {
        const firstRun = await credit('cnv_1');
        for (const conversionId of [...conversions.slice(1), 'cnv_1']) await credit(conversionId);
        // Queried only once the last run sleeps: a query while a run continues as new hangs the test server.
        await untilIdle(handle);
        expect(ledger.calls.recorded).toHaveLength(6);
        const held = await state();
        expect(held.queuedSignals).toBe(0);
        expect(held.pending.map((p) => p.commissionId).sort()).toEqual(conversions.map((id) => `com_${id}`));
        expect((await handle.describe()).runId).not.toBe(firstRun);
        await handle.result();
      },
      2,
    );
    expect(ledger.calls.releases.flatMap((release) => release.commissionIds).sort()).toEqual(conversions.map((id) => `com_${id}`));
  });

  it('processes a signal that arrives during a release before it completes', async () => {
    const ledger = testLedger();
    ledger.sale('cnv_now', { holdDays: 0 });
    ledger.sale('cnv_later', { holdDays: 3 });
    let open!: () => void;
    ledger.gates.release = new Promise<void>((resolve) => (open = resolve));
    await hold(ledger, async ({ credit, handle }) => {
      await credit('cnv_now');
      await eventually(() => ledger.calls.recorded.length, (n) => n === 1);
      await credit('cnv_later'); // while the release of cnv_now waits on the gate
      open();
      await handle.result();
    });
    expect(ledger.calls.releases.map((release) => release.commissionIds)).toEqual([['com_cnv_now'], ['com_cnv_later']]);
  });
});

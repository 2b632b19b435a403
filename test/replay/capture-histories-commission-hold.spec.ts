// (Re)captures the histories of commissionHoldWorkflow, like capture-histories.spec.ts (same
// command, same refusal to hide a non-deterministic change):
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories
import { commissionHoldWorkflowId, commissionReviewDecisionSignal, conversionCreditedSignal } from '@partnerflow/domain';
import { commissionHoldWorkflow } from '@partnerflow/workflows';
import { testLedger } from '../../workflows/src/commission-hold.test-ledger';
import { completedHistory, save, settledHistory, useCaptureWorker, TASK_QUEUE } from './capture-support';

const file = (scenario: string) => `${commissionHoldWorkflow.name}-${scenario}.json`;
const CAPTURED_FILES = [
  'released',
  'refunded-in-hold',
  'holding',
  'in-review',
  'review-approved',
  'review-expired',
  'continued-as-new-first-run',
  'continued-as-new-next-run',
].map(file);

const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture commission hold histories (CAPTURE_HISTORIES is set)', () => {
  const ledger = testLedger();

  const capture = useCaptureWorker(CAPTURED_FILES, ledger.activities);

  /** Credits `conversionId` to the scenario's partner as the api does; answers the run it reached. */
  const credit = async (scenario: string, conversionId: string, conversionsPerRun?: number) => {
    const partnerId = `ptn_replay_${scenario}`;
    const handle = await capture.client.workflow.signalWithStart(commissionHoldWorkflow, {
      workflowId: commissionHoldWorkflowId(partnerId),
      taskQueue: TASK_QUEUE,
      args: [{ partnerId, programId: 'prg_replay', ...(conversionsPerRun ? { conversionsPerRun } : {}) }],
      signal: conversionCreditedSignal,
      signalArgs: [{ conversionId }],
    });
    return { handle: capture.client.workflow.getHandle(handle.workflowId), runId: handle.signaledRunId };
  };

  it('a sale held 30 days, released and announced', async () => {
    ledger.sale('cnv_replay_released');
    const { handle } = await credit('released', 'cnv_replay_released');
    await settledHistory(handle, { activitiesCompleted: 1 });
    await capture.env.sleep('31 days'); // (this client's result() does not skip time: the environment's sleep does)
    save(file('released'), await completedHistory(handle)); // record, approve, email
  });

  it('a sale fully refunded inside its hold: reversed, never approved', async () => {
    ledger.sale('cnv_replay_refunded');
    ledger.refund('cnv_replay_refund', ['com_cnv_replay_refunded']);
    const { handle } = await credit('refunded', 'cnv_replay_refunded');
    await credit('refunded', 'cnv_replay_refund');
    save(file('refunded-in-hold'), await completedHistory(handle));
  });

  it('two commissions waiting on the timer to the earliest release', async () => {
    ledger.sale('cnv_replay_holding_1', { holdDays: 10 });
    ledger.sale('cnv_replay_holding_2', { holdDays: 30, commissionIds: ['com_replay_holding_2a', 'com_replay_holding_2b'] });
    const { handle } = await credit('holding', 'cnv_replay_holding_1');
    await credit('holding', 'cnv_replay_holding_2');
    save(file('holding'), await settledHistory(handle, { activitiesCompleted: 2 }));
  });

  it('a flagged commission reminded once in review, then approved by an operator', async () => {
    ledger.sale('cnv_replay_flagged', { holdDays: 0, review: { reminderHours: 24 } });
    const { handle } = await credit('in_review', 'cnv_replay_flagged');
    await settledHistory(handle, { activitiesCompleted: 3 }); // record, reviewers, review requested email
    await capture.env.sleep('25 hours');
    save(file('in-review'), await settledHistory(handle, { activitiesCompleted: 6 })); // + reminder, reviewers, reminder email
    await handle.signal(commissionReviewDecisionSignal, { commissionId: 'com_cnv_replay_flagged', decision: 'approve', reason: 'order checked', reviewerId: 'key_replay' });
    save(file('review-approved'), await completedHistory(handle));
  });

  it('a flagged commission rejected by the expiry rule', async () => {
    ledger.sale('cnv_replay_expiring', { review: { reminderHours: 24, expireAfterHours: 48, onExpiry: 'reject' } });
    const { handle } = await credit('expired', 'cnv_replay_expiring');
    await settledHistory(handle, { activitiesCompleted: 3 });
    await capture.env.sleep('49 hours'); // a reminder at 24 h, the rejection at 48 h
    save(file('review-expired'), await completedHistory(handle));
  });

  it('continues as new after two conversions, carrying its pending set', async () => {
    for (const n of [1, 2, 3]) ledger.sale(`cnv_replay_continued_${n}`);
    const first = await credit('continued', 'cnv_replay_continued_1', 2);
    await credit('continued', 'cnv_replay_continued_2', 2);
    await credit('continued', 'cnv_replay_continued_3', 2);
    // (the handle follows the latest run: the next one, which records the third conversion)
    const next = await settledHistory(first.handle, { activitiesCompleted: 1 });
    save(file('continued-as-new-first-run'), await capture.client.workflow.getHandle(first.handle.workflowId, first.runId).fetchHistory());
    save(file('continued-as-new-next-run'), next);
  });
});

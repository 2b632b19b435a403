import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { payoutRunStateQuery, type PayoutRunInput, type PayoutRunPhase } from '@partnerflow/domain';
import { acceptPayoutDecisions, advanceApprovalClock, nextApprovalWakeAt, notifyApprovers } from './payout-run.approvals';
import { approvalClock, carried, historyIsLong, initialState, iso, sendNotices, workflowNow, type PayoutRunContext } from './payout-run.context';
import { acceptMarkPaid, disburseNextWave, pollPendingIfDue } from './payout-run.disbursement';
import { payoutDatabase } from './payout-run.proxies';

/** Partners per snapshot batch, payouts per disbursement wave (activities in flight at once). */
const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_DISBURSE_WAVE = 25;

export interface PayoutRunSummary {
  runId: string;
  phase: PayoutRunPhase;
  disbursed: number;
}

/**
 * One payout cycle of a program (`payout-<programId>-<periodEnd>`, the payout_runs row's id):
 * snapshot the approved balances up to the cutoff, partner by partner through the gates (in
 * batches) → approvals by people, through the `decidePayouts` update, with reminders and an
 * escalation on durable timers → each approved payout sent by its own activity keyed by its id →
 * results recorded in the ledger, partners and finance told → payouts pending at a provider
 * polled or marked paid by finance (`markPayoutPaid`). Approved payouts go out while others still
 * wait for a person. It continues as new when its history grows (thousands of partners).
 */
export async function payoutRunWorkflow(input: PayoutRunInput): Promise<PayoutRunSummary> {
  const { state, awaiting } = initialState(input);
  const context = { input, state, awaiting, nudged: false, batchSize: input.batchSize ?? DEFAULT_BATCH_SIZE, disburseWave: input.disburseWave ?? DEFAULT_DISBURSE_WAVE } as PayoutRunContext;
  setHandler(payoutRunStateQuery, () => ({
    programId: input.programId,
    periodEnd: input.periodEnd,
    phase: state.phase,
    awaitingApproval: awaiting.size,
    pendingAtProvider: state.pendingCount,
    clock: state.clock,
    disbursed: state.disbursed,
  }));
  acceptPayoutDecisions(context);
  acceptMarkPaid(context);
  context.run = await payoutDatabase.preparePayoutRun({ programId: input.programId, periodEnd: input.periodEnd, startedAt: iso(workflowNow()) });
  const runId = context.run.runId;

  if (state.phase === 'snapshotting') {
    if ((await takeSnapshot(context)) === 'continue') return continueRun(context);
    state.phase = awaiting.size > 0 ? 'awaiting_approval' : 'disbursing';
    if (awaiting.size === 0) state.clock = null;
    await payoutDatabase.setPayoutRunStatus({ runId, status: state.phase, at: iso(workflowNow()) });
    if (awaiting.size > 0) await notifyApprovers({ runId, kind: 'requested', sequence: 1, waiting: awaiting.size, waitingHours: 0, at: iso(workflowNow()) });
  }

  for (;;) {
    // Reset before anything awaits: an update arriving during this pass is not missed by the wait below.
    context.nudged = false;
    if ((await disburseNextWave(context)) > 0) {
      if (historyIsLong(context)) return continueRun(context);
      continue;
    }
    await pollPendingIfDue(context);
    await advanceApprovalClock(context);
    if (state.phase === 'awaiting_approval' && awaiting.size === 0) {
      state.phase = 'disbursing';
      await payoutDatabase.setPayoutRunStatus({ runId, status: 'disbursing', at: iso(workflowNow()) });
      continue;
    }
    if (awaiting.size === 0 && state.pendingCount === 0) break;
    if (historyIsLong(context)) return continueRun(context);
    const wakes = [nextApprovalWakeAt(context), state.pendingCount > 0 && state.nextPollAt ? Date.parse(state.nextPollAt) : null].filter((at): at is number => at !== null);
    const wakeAt = wakes.length > 0 ? Math.min(...wakes) : null;
    if (wakeAt === null) await condition(() => context.nudged);
    else if (wakeAt > workflowNow()) await condition(() => context.nudged, wakeAt - workflowNow());
  }

  await condition(allHandlersFinished);
  state.phase = 'completed';
  await payoutDatabase.setPayoutRunStatus({ runId, status: 'completed', at: iso(workflowNow()) });
  return { runId, phase: state.phase, disbursed: state.disbursed };
}

/**
 * Snapshot batches in partner order; the approval clock starts with the snapshot, so the tasks it
 * writes and the timers agree. 'continue' when the history asks for a new execution first.
 */
async function takeSnapshot(context: PayoutRunContext): Promise<'done' | 'continue'> {
  const { state, awaiting } = context;
  state.clock ??= approvalClock(context, workflowNow());
  const { clock } = state;
  const window = { openedAt: clock.openedAt, remindAt: clock.nextReminderAt, escalateAt: clock.escalateAt, deadlineAt: clock.skipAt };
  for (;;) {
    const batch = await payoutDatabase.snapshotPayoutBatch({ runId: context.run.runId, afterPartnerId: state.snapshotAfter, limit: context.batchSize, asOf: clock.openedAt, window });
    for (const payout of batch.awaiting) awaiting.set(payout.payoutId, { ...payout, approvedBy: [] });
    if (batch.noticeIds.length > 0) await sendNotices(batch.noticeIds);
    if (batch.lastPartnerId === null) return 'done';
    state.snapshotAfter = batch.lastPartnerId;
    if (historyIsLong(context)) return 'continue';
  }
}

async function continueRun(context: PayoutRunContext): Promise<never> {
  await condition(allHandlersFinished);
  const { carried: _previous, ...input } = context.input;
  return continueAsNew<typeof payoutRunWorkflow>({ ...input, carried: carried(context) });
}

import { ActivityFailure, ApplicationFailure, isCancellation, log, patched, setHandler } from '@temporalio/workflow';
import type { DisbursementOutcome, EventsDispatchedBy } from '@partnerflow/activities';
import { markPayoutPaidRequestSchema, markPayoutPaidUpdate, MAX_EVENTS_PER_DISPATCH_BATCH } from '@partnerflow/domain';
import { refuse } from './payout-run.approvals';
import { iso, runNoticesOf, sendNotices, workflowNow, type PayoutRunContext } from './payout-run.context';
import { payoutDatabase, payoutDisbursement } from './payout-run.proxies';

const MINUTE_MS = 60_000;

/**
 * Since this patch the payout events of a wave (payout.paid, payout.failed) are dispatched by one
 * batch workflow (domainEventBatchDispatchWorkflow) the run hands them to after the wave, instead
 * of each disbursement activity starting its own dispatch workflow: a run of N partners started N
 * of them. Per event it is the same dispatch (same plan, same delivery and notification keys), so
 * nothing is sent twice.
 */
export const WAVE_EVENTS_BATCHED_PATCH = 'payout-wave-events-dispatched-in-one-batch';

/** When to ask the providers again: the policy's interval, or sooner when a provider says so. */
function nextPollAt(context: PayoutRunContext, hints: (number | undefined)[]): number {
  const delays = [context.run.pendingPollMinutes * MINUTE_MS, ...hints.filter((hint): hint is number => hint !== undefined).map((seconds) => seconds * 1000)];
  return workflowNow() + Math.min(...delays);
}

/** Why an activity failed for good, in words finance can read. */
function failureReason(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : String(cause);
}

/** One payout's activity; a non-retryable failure (nothing the provider said) fails the payout, not the run. */
async function disburse(payoutId: string, eventsDispatchedBy: EventsDispatchedBy): Promise<DisbursementOutcome> {
  try {
    return await payoutDisbursement.disbursePayout(eventsDispatchedBy === 'run' ? { payoutId, eventsDispatchedBy } : { payoutId });
  } catch (error) {
    if (isCancellation(error)) throw error;
    return payoutDatabase.failPayout({ payoutId, reason: `the payout could not be sent: ${failureReason(error)}` });
  }
}

/**
 * Sends the next wave of approved payouts, each as its own activity keyed by its id, then tells
 * the partners of those settled (but paid: runNoticesOf). Answers how many it took (0: nothing approved is left).
 */
export async function disburseNextWave(context: PayoutRunContext): Promise<number> {
  const payoutIds = await payoutDatabase.listPayoutsToDisburse({ runId: context.run.runId, limit: context.disburseWave });
  if (payoutIds.length === 0) return 0;
  const batched = patched(WAVE_EVENTS_BATCHED_PATCH);
  const outcomes = await Promise.all(payoutIds.map((payoutId) => disburse(payoutId, batched ? 'run' : 'activity')));
  context.state.disbursed += outcomes.length;
  if (batched) await dispatchWaveEvents(context, outcomes.flatMap((outcome) => outcome.eventIds ?? []));
  const pending = outcomes.filter((outcome) => outcome.outcome === 'pending');
  if (pending.length > 0) {
    context.state.pendingCount += pending.length;
    const at = nextPollAt(context, pending.map((outcome) => outcome.recheckAfterSeconds));
    const current = context.state.nextPollAt === null ? Infinity : Date.parse(context.state.nextPollAt);
    context.state.nextPollAt = iso(Math.min(current, at));
  }
  await sendNotices(runNoticesOf(outcomes.filter((outcome) => outcome.outcome !== 'pending' && outcome.outcome !== 'not_sent')));
  return outcomes.length;
}

/**
 * The wave's events to their dispatch: a batch workflow per MAX_EVENTS_PER_DISPATCH_BATCH, started
 * by an activity (the run does not wait for it, nor hear of its end). The batch key names the run
 * and the batch's first event, so a repeated start is a no-op; what cannot be started is left to
 * the catch-up, which dispatches undispatched events after a minute.
 */
async function dispatchWaveEvents(context: PayoutRunContext, eventIds: string[]): Promise<void> {
  for (let start = 0; start < eventIds.length; start += MAX_EVENTS_PER_DISPATCH_BATCH) {
    const batch = eventIds.slice(start, start + MAX_EVENTS_PER_DISPATCH_BATCH);
    try {
      await payoutDatabase.dispatchDomainEventBatch({ batchKey: `${context.run.runId}-${batch[0]}`, eventIds: batch });
    } catch (error) {
      if (isCancellation(error)) throw error;
      log.warn('wave events not dispatched now: the catch-up will', { count: batch.length, error: String(error) });
    }
  }
}

/** Asks the providers about pending payouts when the poll interval has passed. */
export async function pollPendingIfDue(context: PayoutRunContext): Promise<void> {
  const { state } = context;
  if (state.pendingCount === 0 || !state.nextPollAt || Date.parse(state.nextPollAt) > workflowNow()) return;
  const { settled, stillPending, recheckAfterSeconds } = await payoutDisbursement.pollPendingPayouts({ runId: context.run.runId, limit: 100 });
  state.pendingCount = stillPending;
  state.nextPollAt = stillPending > 0 ? iso(nextPollAt(context, [recheckAfterSeconds])) : null;
  await sendNotices(runNoticesOf(settled));
}

/** Finance marks a manual or bank-file payout paid (`markPayoutPaid` update, the api checked it is pending). */
export function acceptMarkPaid(context: PayoutRunContext): void {
  setHandler(
    markPayoutPaidUpdate,
    async (request) => {
      const outcome = await payoutDisbursement.settlePayoutManually({ ...request, at: iso(workflowNow()) });
      if (outcome.outcome === 'paid') {
        context.state.pendingCount = Math.max(0, context.state.pendingCount - 1);
        context.nudged = true;
        await sendNotices(runNoticesOf([outcome]));
      } else {
        log.info('mark paid: the payout is not pending', { payoutId: request.payoutId, status: outcome.status });
      }
      return outcome;
    },
    {
      validator: (request) => {
        const parsed = markPayoutPaidRequestSchema.safeParse(request);
        if (!parsed.success) refuse(`the request is invalid: ${parsed.error.message}`);
        if (!context.run) refuse('the run is starting: try again in a moment');
      },
    },
  );
}

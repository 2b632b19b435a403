import { ActivityFailure, ApplicationFailure, isCancellation, log, setHandler } from '@temporalio/workflow';
import type { DisbursementOutcome } from '@partnerflow/activities';
import { markPayoutPaidRequestSchema, markPayoutPaidUpdate } from '@partnerflow/domain';
import { refuse } from './payout-run.approvals';
import { iso, sendNotices, workflowNow, type PayoutRunContext } from './payout-run.context';
import { payoutDatabase, payoutDisbursement } from './payout-run.proxies';

const MINUTE_MS = 60_000;

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
async function disburse(payoutId: string): Promise<DisbursementOutcome> {
  try {
    return await payoutDisbursement.disbursePayout({ payoutId });
  } catch (error) {
    if (isCancellation(error)) throw error;
    return payoutDatabase.failPayout({ payoutId, reason: `the payout could not be sent: ${failureReason(error)}` });
  }
}

/**
 * Sends the next wave of approved payouts, each as its own activity keyed by its id, then tells
 * the partners of those settled. Answers how many it took (0: nothing approved is left).
 */
export async function disburseNextWave(context: PayoutRunContext): Promise<number> {
  const payoutIds = await payoutDatabase.listPayoutsToDisburse({ runId: context.run.runId, limit: context.disburseWave });
  if (payoutIds.length === 0) return 0;
  const outcomes = await Promise.all(payoutIds.map(disburse));
  context.state.disbursed += outcomes.length;
  const pending = outcomes.filter((outcome) => outcome.outcome === 'pending');
  if (pending.length > 0) {
    context.state.pendingCount += pending.length;
    const at = nextPollAt(context, pending.map((outcome) => outcome.recheckAfterSeconds));
    const current = context.state.nextPollAt === null ? Infinity : Date.parse(context.state.nextPollAt);
    context.state.nextPollAt = iso(Math.min(current, at));
  }
  await sendNotices(outcomes.filter((outcome) => outcome.outcome !== 'pending' && outcome.outcome !== 'not_sent').map((outcome) => outcome.payoutId));
  return outcomes.length;
}

/** Asks the providers about pending payouts when the poll interval has passed. */
export async function pollPendingIfDue(context: PayoutRunContext): Promise<void> {
  const { state } = context;
  if (state.pendingCount === 0 || !state.nextPollAt || Date.parse(state.nextPollAt) > workflowNow()) return;
  const { settled, stillPending, recheckAfterSeconds } = await payoutDisbursement.pollPendingPayouts({ runId: context.run.runId, limit: 100 });
  state.pendingCount = stillPending;
  state.nextPollAt = stillPending > 0 ? iso(nextPollAt(context, [recheckAfterSeconds])) : null;
  await sendNotices(settled.map((outcome) => outcome.payoutId));
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
        await sendNotices([outcome.payoutId]);
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

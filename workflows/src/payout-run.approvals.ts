import { ApplicationFailure, isCancellation, setHandler } from '@temporalio/workflow';
import {
  applyPayoutDecision,
  checkPayoutDecision,
  decidePayoutsUpdate,
  PAYOUT_UPDATE_REFUSED,
  payoutDecisionRequestSchema,
  type PayoutDecisionRequest,
} from '@partnerflow/domain';
import { HOUR_MS, iso, sendNotices, workflowNow, type PayoutRunContext } from './payout-run.context';
import { payoutDatabase, payoutNotices } from './payout-run.proxies';

export function refuse(message: string): never {
  throw ApplicationFailure.create({ type: PAYOUT_UPDATE_REFUSED, message, nonRetryable: true });
}

function checked(context: PayoutRunContext, request: PayoutDecisionRequest) {
  if (!context.run) refuse('the run is starting: try again in a moment');
  if (context.state.phase === 'snapshotting') refuse('the run is still taking its snapshot: decide once its payouts are listed');
  const check = checkPayoutDecision(context.awaiting, request);
  if (!check.ok) refuse(check.problem);
  return check.targets;
}

/**
 * Approvals arrive as the `decidePayouts` update: the validator refuses what the rules refuse
 * (nothing is written, and the request is not even in the history), the handler applies the
 * decision in memory at once — so a second request sees it — then records it.
 */
export function acceptPayoutDecisions(context: PayoutRunContext): void {
  setHandler(
    decidePayoutsUpdate,
    async (request) => {
      const targets = checked(context, request);
      const outcome = applyPayoutDecision(context.awaiting, targets, request);
      await payoutDatabase.recordPayoutDecisions({ runId: context.run.runId, approverId: request.approverId, decision: request.decision, reason: request.reason, ...outcome, at: iso(workflowNow()) });
      if (outcome.approved.length > 0 || context.awaiting.size === 0) context.nudged = true;
      if (outcome.rejected.length > 0) await sendNotices(outcome.rejected);
      return { runId: context.run.runId, ...outcome };
    },
    {
      validator: (request) => {
        const parsed = payoutDecisionRequestSchema.safeParse(request);
        if (!parsed.success) refuse(`the decision is invalid: ${parsed.error.message}`);
        checked(context, parsed.data);
      },
    },
  );
}

/** The next time the approval step has something to do, while payouts wait. */
export function nextApprovalWakeAt(context: PayoutRunContext): number | null {
  const { clock } = context.state;
  if (!clock || context.awaiting.size === 0) return null;
  const times = [Date.parse(clock.nextReminderAt)];
  if (!clock.escalated) times.push(Date.parse(clock.escalateAt));
  if (clock.skipAt) times.push(Date.parse(clock.skipAt));
  return Math.min(...times);
}

/**
 * What the approval timers say is due now: skip what still waits (onNoApproval "skip"), or
 * escalate once, and remind the approvers every `remindAfterHours` while anything waits.
 */
export async function advanceApprovalClock(context: PayoutRunContext): Promise<void> {
  const { clock } = context.state;
  if (!clock || context.awaiting.size === 0) return;
  const nowMs = workflowNow();
  const runId = context.run.runId;
  const waitingHours = Math.round((nowMs - Date.parse(clock.openedAt)) / HOUR_MS);
  if (clock.skipAt && Date.parse(clock.skipAt) <= nowMs) {
    const skipped = [...context.awaiting.keys()];
    context.awaiting.clear();
    await payoutDatabase.skipAwaitingPayouts({ runId, payoutIds: skipped, waitedHours: waitingHours, at: iso(nowMs) });
    await sendNotices(skipped);
    return;
  }
  const notice = { runId, waiting: context.awaiting.size, waitingHours, at: iso(nowMs) };
  if (!clock.escalated && Date.parse(clock.escalateAt) <= nowMs) {
    clock.escalated = true;
    await notifyApprovers({ ...notice, kind: 'escalation', sequence: 1 });
  }
  if (Date.parse(clock.nextReminderAt) <= nowMs) {
    clock.remindersSent += 1;
    let next = Date.parse(clock.nextReminderAt);
    while (next <= nowMs) next += context.run.approval.remindAfterHours * HOUR_MS;
    clock.nextReminderAt = iso(next);
    await notifyApprovers({ ...notice, kind: 'reminder', sequence: clock.remindersSent });
  }
}

export async function notifyApprovers(notice: Parameters<typeof payoutNotices.notifyApprovers>[0]): Promise<void> {
  try {
    await payoutNotices.notifyApprovers(notice);
  } catch (error) {
    // Out of retries: the tasks stay listed in GET /v1/tasks, the run goes on.
    if (isCancellation(error)) throw error;
  }
}

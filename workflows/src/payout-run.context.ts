import { isCancellation, log, patched, workflowInfo } from '@temporalio/workflow';
import type { PreparedPayoutRun } from '@partnerflow/activities';
import type { AwaitingPayout, PayoutApprovalClock, PayoutRunCarried, PayoutRunInput } from '@partnerflow/domain';
import { payoutNotices } from './payout-run.proxies';

/** Bounds on one execution's history; past either the run continues as new with its state. */
const HISTORY_EVENTS_PER_RUN = 8_000;
/** Payouts named per notice activity: each is one email or two. */
const NOTICE_BATCH = 200;

export const workflowNow = () => Date.now();
export const iso = (ms: number) => new Date(ms).toISOString();
export const HOUR_MS = 3_600_000;

/** What the parts of the run workflow share: the run, its phase and the payouts waiting for a person. */
export interface PayoutRunContext {
  input: PayoutRunInput;
  run: PreparedPayoutRun;
  state: Omit<PayoutRunCarried, 'awaiting'> & { disbursed: number };
  awaiting: Map<string, AwaitingPayout>;
  /** Set by an update that gave the main loop something to do (payouts approved or paid). */
  nudged: boolean;
  batchSize: number;
  disburseWave: number;
}

export function initialState(input: PayoutRunInput): { state: PayoutRunContext['state']; awaiting: Map<string, AwaitingPayout> } {
  const carried = input.carried;
  return {
    state: {
      phase: carried?.phase ?? 'snapshotting',
      snapshotAfter: carried?.snapshotAfter ?? null,
      clock: carried?.clock ?? null,
      pendingCount: carried?.pendingCount ?? 0,
      nextPollAt: carried?.nextPollAt ?? null,
      disbursed: 0,
    },
    awaiting: new Map((carried?.awaiting ?? []).map((payout) => [payout.payoutId, { ...payout, approvedBy: [...payout.approvedBy] }])),
  };
}

export function carried(context: PayoutRunContext): PayoutRunCarried {
  const { phase, snapshotAfter, clock, pendingCount, nextPollAt } = context.state;
  return { phase, snapshotAfter, clock, pendingCount, nextPollAt, awaiting: [...context.awaiting.values()] };
}

export const historyIsLong = (context: PayoutRunContext) =>
  workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= (context.input.historyLimit ?? HISTORY_EVENTS_PER_RUN);

/** The approval step's timers, from the moment the snapshot started. */
export function approvalClock(context: PayoutRunContext, openedAtMs: number): PayoutApprovalClock {
  const { approval } = context.run;
  return {
    openedAt: iso(openedAtMs),
    remindersSent: 0,
    nextReminderAt: iso(openedAtMs + approval.remindAfterHours * HOUR_MS),
    escalateAt: iso(openedAtMs + approval.escalateAfterHours * HOUR_MS),
    escalated: false,
    skipAt: approval.onNoApproval === 'skip' && approval.skipAfterHours !== undefined ? iso(openedAtMs + approval.skipAfterHours * HOUR_MS) : null,
  };
}

/**
 * Since this patch a paid payout's partner notice is the `payout-processed` notification rule's
 * (dispatched from its payout.paid outbox event), no longer the run's own email: the partner was
 * told twice. Runs that notified before the patch replay the old way.
 */
export const PAID_NOTICE_BY_RULE_PATCH = 'payout-paid-notice-by-notification-rule';

/** The payouts of these outcomes the run itself tells about: all but the paid ones (the rule tells those). */
export function runNoticesOf(outcomes: { payoutId: string; status: string }[]): string[] {
  if (!outcomes.some((outcome) => outcome.status === 'paid') || !patched(PAID_NOTICE_BY_RULE_PATCH)) return outcomes.map((outcome) => outcome.payoutId);
  return outcomes.filter((outcome) => outcome.status !== 'paid').map((outcome) => outcome.payoutId);
}

/**
 * Tells partners (and finance) what became of these payouts. A notice out of retries is recorded
 * as a failed message by the email path; the run does not stop for it.
 */
export async function sendNotices(payoutIds: string[]): Promise<void> {
  for (let start = 0; start < payoutIds.length; start += NOTICE_BATCH) {
    try {
      await payoutNotices.notifyPayouts({ payoutIds: payoutIds.slice(start, start + NOTICE_BATCH) });
    } catch (error) {
      if (isCancellation(error)) throw error;
      log.warn('payout notices not all delivered', { count: payoutIds.length, error: (error as Error).message });
    }
  }
}

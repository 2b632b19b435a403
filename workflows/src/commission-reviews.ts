import { log } from '@temporalio/workflow';
import type { RecordedCommission } from '@partnerflow/activities';
import { DEADLINE_REVIEWER_ID, type CommissionInReview, type CommissionReviewDecision } from '@partnerflow/domain';
import { ledgerActivities } from './activity-proxies';
import { approvalStep, sendCommissionsApproved, tellReviewers, type HoldContext } from './commission-notices';

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A flagged commission's wait, from its open task: first reminder `reminderHours` after it opened. */
export function reviewWaitOf(commission: RecordedCommission, review: NonNullable<RecordedCommission['review']>): CommissionInReview {
  return {
    commissionId: commission.commissionId,
    taskId: review.taskId,
    amount: commission.amount,
    reasons: review.reasons,
    holdUntil: commission.holdUntil,
    openedAt: review.openedAt,
    reminderHours: review.reminderHours,
    nextReminderAt: iso(Date.parse(review.openedAt) + review.reminderHours * HOUR_MS),
    remindersSent: 0,
    expiresAt: review.expiresAt,
    onExpiry: review.onExpiry,
    expired: false,
  };
}

/**
 * Carries out a decision (an operator's signal, or the expiry rule): approve into the approved
 * account, or reject out of pending — through the ledger, guarded there by the commission still
 * being pending (a refund may have reversed it meanwhile). A decision for a commission that is not
 * waiting here (decided already, reversed, or unknown) changes nothing.
 */
export async function decideReview(context: HoldContext, decision: CommissionReviewDecision, nowMs: number): Promise<void> {
  if (!context.queue.review(decision.commissionId)) {
    log.warn('review decision ignored: the commission is not waiting for review here', { commissionId: decision.commissionId });
    return;
  }
  const outcome = await ledgerActivities.decideCommissionReview({
    ...decision,
    workflowId: context.workflowId,
    partnerId: context.partnerId,
    decidedAt: iso(nowMs),
  });
  context.queue.remove(decision.commissionId);
  if (outcome.outcome === 'approved' && outcome.currency && outcome.amountMinor) {
    await sendCommissionsApproved(context, approvalStep([decision.commissionId]), 1, new Map([[outcome.currency, BigInt(outcome.amountMinor)]]));
  }
}

function followingReminder(review: CommissionInReview, nowMs: number): string {
  let next = Date.parse(review.nextReminderAt);
  while (next <= nowMs) next += review.reminderHours * HOUR_MS;
  return iso(next);
}

/**
 * What review timers say is due now: expiries first (approve or reject as the hold config says,
 * or mark the task and keep waiting), then one reminder to the reviewers for every commission
 * whose reminder is due — reminders repeat every `reminderHours` while it waits.
 */
export async function advanceReviews(context: HoldContext, nowMs: number): Promise<void> {
  const now = iso(nowMs);
  const keptWaiting: string[] = [];
  for (const review of context.queue.inReview()) {
    if (!review.expiresAt || review.expired || review.expiresAt > now) continue;
    if (review.onExpiry === 'keep_waiting') {
      keptWaiting.push(review.commissionId);
      continue;
    }
    const hours = Math.round((Date.parse(review.expiresAt) - Date.parse(review.openedAt)) / HOUR_MS);
    const verdict = review.onExpiry === 'approve' ? 'approved' : 'rejected';
    const reason = `no review decision within ${hours} hours: ${verdict} automatically, as the hold config says`;
    await decideReview(context, { commissionId: review.commissionId, decision: review.onExpiry, reason, reviewerId: DEADLINE_REVIEWER_ID }, nowMs);
  }
  if (keptWaiting.length > 0) {
    await ledgerActivities.recordCommissionReviewExpired({ workflowId: context.workflowId, commissionIds: keptWaiting, at: now });
    context.queue.update(keptWaiting, () => ({ expired: true }));
  }

  const due = context.queue.inReview().filter((review) => review.nextReminderAt <= now);
  if (due.length === 0) return;
  const reminders = due.map((review) => ({ commissionId: review.commissionId, at: now, nextAt: followingReminder(review, nowMs) }));
  await ledgerActivities.recordCommissionReviewReminders({ workflowId: context.workflowId, reminders });
  const updated = context.queue.update(
    due.map((review) => review.commissionId),
    (review) => ({ remindersSent: review.remindersSent + 1, nextReminderAt: followingReminder(review, nowMs) }),
  );
  const first = updated[0];
  await tellReviewers(context, {
    template: 'operator.commission_review_reminder',
    reviews: updated,
    step: `commission-review-reminder:${first.commissionId}:${first.remindersSent}`,
    nowMs,
  });
}

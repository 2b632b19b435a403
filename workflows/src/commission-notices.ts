import { isCancellation, log, patched } from '@temporalio/workflow';
import { moneyText, type CommissionInReview } from '@partnerflow/domain';
import { emailActivities, ledgerActivities } from './activity-proxies';
import type { HoldQueue } from './hold-queue';

const HOUR_MS = 3_600_000;

/** What every part of the hold workflow works with. */
export interface HoldContext {
  partnerId: string;
  programId: string;
  workflowId: string;
  queue: HoldQueue;
}

/** An email that runs out of retries is recorded as failed by its activity; the hold goes on. */
async function bestEffort(step: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn('email not delivered', { step, error: (error as Error).message });
  }
}

/**
 * Who tells the partner a commission was approved: the program's `commission-approved`
 * notification rule, from the commission.approved event the approving activity writes to the
 * outbox — not this workflow. Both did, so one approval reached the partner twice (the rule's
 * inbox notice, and by email twice once an operator adds email to the rule), and this workflow's
 * email ignored what the rule honours: commission_approved is an optional kind a partner may
 * switch off or narrow to one channel, quiet hours, the operator's template and channels. Every
 * approval (release, review decision, decision at expiry) writes the event, so the rule alone
 * gives one notice per approval per channel. Given up: this email's digest of a whole release;
 * an operator who wants approvals by email adds the channel to the rule.
 * Histories recorded before the patch replay the old path (the email after each approval).
 */
export const APPROVAL_NOTICE_BY_RULE_PATCH = 'commission-approved-notice-by-notification-rule';

/**
 * Before APPROVAL_NOTICE_BY_RULE_PATCH: seed 003's "commission approved" email to the partner,
 * one per release or review decision. `step` names the commissions it covers, so the message key
 * `<workflowId>:<step>` makes a retry, or a replay, send nothing twice.
 */
export async function sendCommissionsApproved(context: HoldContext, step: string, approvedCount: number, totals: Map<string, bigint>): Promise<void> {
  if (approvedCount === 0) return;
  if (patched(APPROVAL_NOTICE_BY_RULE_PATCH)) return;
  const approvedTotal = [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => moneyText(minor, currency)).join(' and ');
  await bestEffort(step, () =>
    emailActivities.sendPartnerEmail({
      partnerId: context.partnerId,
      template: 'commission.approved',
      variables: { approvedCount: String(approvedCount), approvedTotal },
      workflowId: context.workflowId,
      step,
    }),
  );
}

/** The step of an approval email: the first commission it covers (released once, so unique) and how many more. */
export const approvalStep = (commissionIds: string[]): string =>
  `commissions-approved:${commissionIds[0]}${commissionIds.length > 1 ? `+${commissionIds.length - 1}` : ''}`;

/** Tells the program's reviewers about flagged commissions: new ones, or a reminder for those still waiting. */
export async function tellReviewers(
  context: HoldContext,
  notice: { template: 'operator.commission_review_requested' | 'operator.commission_review_reminder'; reviews: CommissionInReview[]; step: string; nowMs: number },
): Promise<void> {
  const { recipients } = await ledgerActivities.loadCommissionReviewers({ programId: context.programId });
  if (recipients.length === 0 || notice.reviews.length === 0) return;
  const oldest = Math.min(...notice.reviews.map((review) => Date.parse(review.openedAt)));
  const variables = {
    commissions: notice.reviews.map((review) => `${review.commissionId} (${review.amount}, task ${review.taskId})`).join('; '),
    reasons: [...new Set(notice.reviews.map((review) => review.reasons))].join('; '),
    ...(notice.template === 'operator.commission_review_reminder' ? { waitingHours: String(Math.round((notice.nowMs - oldest) / HOUR_MS)) } : {}),
  };
  await bestEffort(notice.step, () =>
    emailActivities.sendOperatorEmail({
      partnerId: context.partnerId,
      recipients,
      template: notice.template,
      variables,
      workflowId: context.workflowId,
      step: notice.step,
    }),
  );
}

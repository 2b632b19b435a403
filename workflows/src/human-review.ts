import { ApplicationFailure, condition, isCancellation, log, setHandler } from '@temporalio/workflow';
import type { EmailTemplateName } from '@partnerflow/domain';
import {
  deadlineDecision,
  decideReviewUpdate,
  REVIEW_DECISION_REFUSED,
  reviewDecisionSchema,
  reviewDecisionSignal,
  reviewMilestones,
  reviewSchedule,
  type ReviewDecision,
  type ReviewPolicy,
  type ScreeningResult,
} from '@partnerflow/domain';
import { databaseActivities, emailActivities } from './activity-proxies';

const HOUR_MS = 60 * 60 * 1000;
const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** Where an operator's decision lands, by Update (the api) or by the older signal. */
export interface ReviewInbox {
  /** From now on, decisions are accepted (until one is). */
  open(): void;
  decision(): ReviewDecision | undefined;
  /** The workflow deciding itself (the deadline); a decision already taken stands. */
  decide(decision: ReviewDecision): void;
}

function refuse(message: string): never {
  throw ApplicationFailure.create({ type: REVIEW_DECISION_REFUSED, message, nonRetryable: true });
}

/** Registers the handlers; call first thing in the workflow, before any await. */
export function acceptReviewDecisions(): ReviewInbox {
  let awaiting = false;
  let decided: ReviewDecision | undefined;
  // The signal stays as it was, for executions and scripts that still send it.
  setHandler(reviewDecisionSignal, (decision) => {
    decided ??= decision;
  });
  setHandler(
    decideReviewUpdate,
    (decision) => {
      decided = decision;
      return { decision: decision.decision, reason: decision.reason, decidedBy: decision.reviewerId };
    },
    {
      validator: (decision) => {
        if (decided) refuse(`the application has already been decided (${decided.decision})`);
        if (!awaiting) refuse('the application is not waiting for a review decision');
        const parsed = reviewDecisionSchema.safeParse(decision);
        if (!parsed.success) refuse(`the decision is invalid: ${parsed.error.message}`);
      },
    },
  );
  return {
    open: () => {
      awaiting = true;
    },
    decision: () => decided,
    decide: (decision) => {
      decided ??= decision;
    },
  };
}

export interface ReviewContext {
  partnerId: string;
  workflowId: string;
  policy: ReviewPolicy;
  result: ScreeningResult;
  configVersion: number;
}

export async function sendUnderReviewEmail(partnerId: string, workflowId: string): Promise<void> {
  await emailActivities.sendPartnerEmail({
    partnerId,
    template: 'partner.under_review',
    workflowId,
    step: 'under-review-email',
  });
}

/**
 * The review with durable timers: the task is queued and the reviewers told, then one
 * `condition(decided, untilNextMilestone)` per milestone — reminder, escalation, deadline, in
 * time order. A decision ends the wait at once and the timers left are cancelled.
 */
export async function awaitReviewWithReminders(context: ReviewContext, inbox: ReviewInbox): Promise<ReviewDecision> {
  const { partnerId, workflowId, policy, result } = context;
  const openedAt = Date.now();
  const schedule = reviewSchedule(policy, openedAt);
  await databaseActivities.openReviewTask({
    workflowId,
    partnerId,
    summary: result.summary,
    reasons: result.rules.filter((rule) => !rule.passed),
    configVersion: context.configVersion,
    openedAt: iso(openedAt),
    remindAt: iso(schedule.remindAt),
    escalateAt: iso(schedule.escalateAt),
    deadlineAt: schedule.deadlineAt === null ? null : iso(schedule.deadlineAt),
    onDeadline: schedule.deadlineAt === null ? null : policy.onDeadline,
  });
  await sendUnderReviewEmail(partnerId, workflowId);

  const notify = async (recipients: string[], template: EmailTemplateName, step: string) => {
    if (recipients.length === 0 || inbox.decision()) return;
    const waitingHours = String(Math.round((Date.now() - openedAt) / HOUR_MS));
    try {
      await emailActivities.sendOperatorEmail({
        partnerId,
        recipients,
        template,
        variables: { reasons: result.summary, waitingHours },
        workflowId,
        step,
      });
    } catch (error) {
      if (isCancellation(error)) throw error;
      // Out of retries (the message is recorded as failed): the review goes on, the task stays queued.
      log.warn('operator email not delivered', { step, error: (error as Error).message });
    }
  };
  await notify(policy.reviewerEmails, 'operator.review_requested', 'review-requested-email');

  for (const milestone of reviewMilestones(schedule)) {
    const wait = milestone.at - Date.now();
    if (wait > 0 && !inbox.decision()) await condition(() => inbox.decision() !== undefined, wait);
    if (inbox.decision()) break;
    const at = iso(Date.now());
    if (milestone.kind === 'reminder') {
      await databaseActivities.recordReviewMilestone({ workflowId, reached: 'reminded', at });
      await notify(policy.reviewerEmails, 'operator.review_reminder', 'review-reminder-email');
    } else if (milestone.kind === 'escalation') {
      await databaseActivities.recordReviewMilestone({ workflowId, reached: 'escalated', at });
      const escalateTo = policy.escalationEmails.length > 0 ? policy.escalationEmails : policy.reviewerEmails;
      await notify(escalateTo, 'operator.review_escalated', 'review-escalation-email');
    } else {
      await databaseActivities.recordReviewMilestone({ workflowId, reached: 'deadline_passed', at });
      const automatic = deadlineDecision(policy);
      if (automatic) inbox.decide(automatic);
    }
  }
  await condition(() => inbox.decision() !== undefined);
  const decision = inbox.decision() as ReviewDecision;
  await recordReviewDecision(partnerId, workflowId, decision);
  return decision;
}

export async function recordReviewDecision(partnerId: string, workflowId: string, decision: ReviewDecision) {
  await databaseActivities.recordReviewDecision({ ...decision, partnerId, workflowId, decidedAt: iso(Date.now()) });
}

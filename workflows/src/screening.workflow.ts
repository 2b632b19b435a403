import { condition, patched, workflowInfo } from '@temporalio/workflow';
import {
  reviewPolicyOf,
  screenApplication,
  type ReviewDecision,
  type RuleResult,
  type ScreeningWorkflowInput,
} from '@partnerflow/domain';
import { databaseActivities } from './activity-proxies';
import {
  acceptReviewDecisions,
  awaitReviewWithReminders,
  recordReviewDecision,
  sendUnderReviewEmail,
} from './human-review';

/**
 * patched() ids, recorded in the histories of running executions: never rename or reuse one.
 * Executions that reached review before REVIEW_REMINDERS existed wait as they started, without
 * task, timers or reviewer emails; DECISION_RECORDED gives them the audited, task-closing decision.
 */
const REVIEW_REMINDERS_PATCH = 'screening-review-reminders';
const DECISION_RECORDED_PATCH = 'screening-review-decision-recorded';

export interface ScreeningOutcome {
  decision: 'approve' | 'reject';
  reason: string;
  /** `rules` when the configured rules decided, else the reviewer's id. */
  decidedBy: string;
  configVersion: number;
  rules: RuleResult[];
}

/**
 * Screens one application with the program's screening rules, pinned to the config version the
 * application was made under. Applications the rules send to review wait here for an operator's
 * decision (the `decideReview` update, or the older `reviewDecision` signal), with a reminder,
 * an escalation and an optional decision at the deadline, as the config's review policy says.
 */
export async function screeningWorkflow(input: ScreeningWorkflowInput): Promise<ScreeningOutcome> {
  const inbox = acceptReviewDecisions();

  const { version, config } = await databaseActivities.loadScreeningConfig(
    input.screeningConfigVersionId,
  );
  const application = await databaseActivities.loadApplicationForScreening(input.partnerId);
  const result = screenApplication(config, application);

  if (result.decision !== 'review') {
    return {
      decision: result.decision,
      reason: result.summary,
      decidedBy: 'rules',
      configVersion: version,
      rules: result.rules,
    };
  }

  const { workflowId } = workflowInfo();
  inbox.open();
  let decision: ReviewDecision;
  if (patched(REVIEW_REMINDERS_PATCH)) {
    const policy = reviewPolicyOf(config);
    const review = { partnerId: input.partnerId, workflowId, policy, result, configVersion: version };
    decision = await awaitReviewWithReminders(review, inbox);
  } else {
    await sendUnderReviewEmail(input.partnerId, workflowId);
    await condition(() => inbox.decision() !== undefined);
    decision = inbox.decision() as ReviewDecision;
    if (patched(DECISION_RECORDED_PATCH)) await recordReviewDecision(input.partnerId, workflowId, decision);
  }
  return {
    decision: decision.decision,
    reason: decision.reason,
    decidedBy: decision.reviewerId,
    configVersion: version,
    rules: result.rules,
  };
}

import { defineUpdate } from '@temporalio/workflow';
import type { ReviewDecision } from '../workflows/partner-lifecycle.messages';

/** What the screening workflow answers once it has accepted a decision. */
export interface ReviewDecisionAccepted {
  decision: ReviewDecision['decision'];
  reason: string;
  decidedBy: string;
}

/**
 * An operator decides an application in human review (`partner-<id>-screening`). An Update
 * rather than the older `reviewDecision` signal (still handled, for executions and scripts that
 * send it): the caller hears back only once the workflow accepted the decision, and the validator
 * refuses a decision for an application that is not waiting, or already decided, without a trace
 * in the history.
 */
export const decideReviewUpdate = defineUpdate<ReviewDecisionAccepted, [ReviewDecision]>('decideReview');

/** Failure type of a decision the validator refused; its message says why. */
export const REVIEW_DECISION_REFUSED = 'ReviewDecisionRefused';

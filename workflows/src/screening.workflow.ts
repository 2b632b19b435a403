import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  reviewDecisionSignal,
  screenApplication,
  type ReviewDecision,
  type RuleResult,
  type ScreeningWorkflowInput,
} from '@partnerflow/domain';
import { databaseActivities, emailActivities } from './activity-proxies';

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
 * decision (the `reviewDecision` signal).
 */
export async function screeningWorkflow(input: ScreeningWorkflowInput): Promise<ScreeningOutcome> {
  let review: ReviewDecision | undefined;
  setHandler(reviewDecisionSignal, (decision) => {
    review ??= decision;
  });

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

  await emailActivities.sendPartnerEmail({
    partnerId: input.partnerId,
    template: 'partner.under_review',
    workflowId: workflowInfo().workflowId,
    step: 'under-review-email',
  });
  await condition(() => review !== undefined);
  const decision = review as ReviewDecision;
  return {
    decision: decision.decision,
    reason: decision.reason,
    decidedBy: decision.reviewerId,
    configVersion: version,
    rules: result.rules,
  };
}

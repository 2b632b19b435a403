import { isCancellation } from '@temporalio/workflow';
import type { ReengagementCheck } from '@partnerflow/activities';
import { describeActivity, type CycleStep, type ReengagementCycleInput, type ReengagementCycleState, type ReengagementStep } from '@partnerflow/domain';
import { databaseActivities, emailActivities } from './activity-proxies';

/** Who the cycle is about, and its state (the query). */
export interface CycleContext {
  input: ReengagementCycleInput;
  workflowId: string;
  state: ReengagementCycleState;
}

const now = () => new Date(Date.now()).toISOString();
const failureMessage = (error: unknown): string => ((error as { cause?: Error }).cause ?? (error as Error)).message;

/** One email per step and cycle: with the cycle's workflow id, the message's idempotency key. */
const messageStep = (step: CycleStep) => `reengagement:${step.id}`;

/** What the step's email says beyond the names: the snapshot's numbers, the challenge's terms. */
function variablesOf(config: ReengagementStep, check: ReengagementCheck, context: CycleContext): Record<string, string> {
  if (config.type === 'challenge') return { targetReferrals: String(config.targetReferrals), withinDays: String(config.withinDays), reward: config.reward };
  if (config.type !== 'performance_snapshot') return {};
  const { numbers } = check;
  return {
    recentDays: String(numbers.days),
    clicks: String(numbers.clicks),
    conversions: String(numbers.conversions),
    ...(numbers.referredRevenue ? { referredRevenue: numbers.referredRevenue } : {}),
    ...(context.input.inactiveSince.kind === 'approval' ? {} : { lastActivity: describeActivity(context.input.inactiveSince) }),
  };
}

function settle(step: CycleStep, status: CycleStep['status'], reason: string): CycleStep {
  step.status = status;
  step.settledAt = now();
  step.reason = reason;
  return step;
}

/** The check-in's manager side: an email to the program's reviewers and a task in the operators' queue. */
async function askManagers(step: CycleStep, context: CycleContext): Promise<string> {
  const { input, workflowId, state } = context;
  const quietSince = describeActivity(input.inactiveSince);
  const task = await databaseActivities.openPartnerCheckInTask({
    partnerId: input.partnerId,
    workflowId,
    summary: `quiet since ${quietSince}: re-engagement cycle ${input.cycle} reached its check-in`,
    reason: `no click or conversion since ${input.inactiveSince.at}`,
    configVersion: input.config.version,
    openedAt: now(),
  });
  state.checkInTaskId = task.taskId;
  const managers = await databaseActivities.loadOnboardingManagers({ programId: input.programId });
  if (managers.recipients.length === 0) return `task ${task.taskId} opened; nobody emailed: ${managers.source}`;
  try {
    await emailActivities.sendOperatorEmail({
      partnerId: input.partnerId,
      recipients: managers.recipients,
      template: 'operator.reengagement_check_in',
      variables: { quietSince, cycle: String(input.cycle) },
      workflowId,
      step: `${messageStep(step)}:managers`,
    });
    return `task ${task.taskId} opened; managers emailed`;
  } catch (error) {
    if (isCancellation(error)) throw error;
    return `task ${task.taskId} opened; the managers' email was not delivered: ${failureMessage(error)}`;
  }
}

/** Sends a due step (the partner is still inactive): its email, and for a check-in the managers' task. */
export async function runCycleStep(step: CycleStep, check: ReengagementCheck, context: CycleContext): Promise<CycleStep> {
  const { input, workflowId } = context;
  const config = input.steps[Number(step.id.slice('steps.'.length))];
  let outcome: CycleStep;
  try {
    const sent = await emailActivities.sendPartnerEmail({
      partnerId: input.partnerId,
      template: step.template,
      variables: variablesOf(config, check, context),
      workflowId,
      step: messageStep(step),
    });
    outcome = settle(step, 'sent', sent.alreadySent ? `message ${sent.messageId}, sent by an earlier attempt` : `message ${sent.messageId}`);
  } catch (error) {
    if (isCancellation(error)) throw error;
    outcome = settle(step, 'failed', `not delivered: ${failureMessage(error)}`);
  }
  if (config.type === 'check_in' && config.notifyManager) outcome.reason = `${outcome.reason}; ${await askManagers(step, context)}`;
  return outcome;
}

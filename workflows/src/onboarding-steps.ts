import { isCancellation } from '@temporalio/workflow';
import {
  endWait,
  reasonToSkip,
  settle,
  type DripStep,
  type EmailTemplateName,
  type OnboardingDripState,
} from '@partnerflow/domain';
import { databaseActivities, emailActivities } from './activity-proxies';

/** Who and what a due step is about. */
export interface DripStepContext {
  partnerId: string;
  programId: string;
  workflowId: string;
  state: OnboardingDripState;
}

const now = () => new Date(Date.now()).toISOString();

/** What went wrong, from an activity failure (its cause) or any other error. */
export const failureMessage = (error: unknown): string => ((error as { cause?: Error }).cause ?? (error as Error)).message;

/** One email per drip step, ever: with the workflow id this is the message's idempotency key. */
export const dripMessageStep = (step: DripStep): string => `onboarding:${step.id}`;

/**
 * Sends an email or notification, or records that it failed: out of retries (the message is
 * recorded as failed) the drip goes on with its next step rather than stopping the lifecycle.
 */
async function deliver(step: DripStep, send: () => Promise<{ messageId: string; alreadySent: boolean }>) {
  try {
    const result = await send();
    const note = result.alreadySent ? `message ${result.messageId}, sent by an earlier attempt` : `message ${result.messageId}`;
    return settle(step, 'sent', now(), note);
  } catch (error) {
    if (isCancellation(error)) throw error;
    return settle(step, 'failed', now(), `not delivered: ${failureMessage(error)}`);
  }
}

async function sendPartnerEmail(step: DripStep, context: DripStepContext) {
  return deliver(step, () =>
    emailActivities.sendPartnerEmail({
      partnerId: context.partnerId,
      template: step.template as EmailTemplateName,
      workflowId: context.workflowId,
      step: dripMessageStep(step),
    }),
  );
}

/** notify_manager: the program's reviewers, by the operator email path the review reminders use. */
async function notifyManagers(step: DripStep, context: DripStepContext) {
  const managers = await databaseActivities.loadOnboardingManagers({ programId: context.programId });
  if (managers.recipients.length === 0) return settle(step, 'skipped', now(), `nobody to notify: ${managers.source}`);
  return deliver(step, () =>
    emailActivities.sendOperatorEmail({
      partnerId: context.partnerId,
      recipients: managers.recipients,
      template: 'operator.onboarding_notification',
      variables: { message: step.message ?? '' },
      workflowId: context.workflowId,
      step: dripMessageStep(step),
    }),
  );
}

/** Runs a step that is due now; returns every step whose outcome it settled. */
export async function runDueStep(step: DripStep, context: DripStepContext): Promise<DripStep[]> {
  const { state } = context;
  if (step.action === 'wait_for_deadline') return endWait(state.steps, step, state.activity, now());
  const skip = reasonToSkip(step, state.steps, state.activity);
  if (skip) return [settle(step, 'skipped', now(), skip)];
  return [step.action === 'email' ? await sendPartnerEmail(step, context) : await notifyManagers(step, context)];
}

import { delayMinutes } from '../configs/config-fields.schema';
import type { EmailTemplateName } from '../notifications/email-templates';
import type {
  EmailCondition,
  OnboardingBranchStep,
  OnboardingConfig,
  OnboardingEvent,
} from './onboarding-config.schema';

interface EntryBase {
  /** Where the step sits in the config document, e.g. `steps.5.else.0`. */
  step: string;
  at: string;
  /** Minutes after approval: what a drip workflow sleeps until. */
  offsetMinutes: number;
  /** Set on the steps of a wait_for's `else`: they run only if the event has not happened by `by`. */
  onlyIf?: { noEvent: OnboardingEvent; by: string };
  /** One line an operator reads, with the dates. */
  summary: string;
}

export type OnboardingTimelineEntry = EntryBase &
  (
    | { action: 'email'; template: EmailTemplateName; when: EmailCondition }
    | { action: 'notify_manager'; message: string }
    | { action: 'wait_for_deadline'; event: OnboardingEvent }
  );

export interface OnboardingTimeline {
  approvedAt: string;
  entries: OnboardingTimelineEntry[];
}

const MINUTE_MS = 60_000;

/** `2026-03-15 09:00 UTC`: dates an operator reads without a time-zone puzzle. */
function readableTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const eventWords = (event: OnboardingEvent): string => event.replace('_', ' ');

const CONDITION_WORDS: Record<EmailCondition, string> = {
  always: '',
  no_click: ' (only if the partner has no click yet)',
  no_conversion: ' (only if the partner has no conversion yet)',
};

/** `email onboarding.top_pages on 2026-03-03 09:00 UTC` */
function describeAction(step: OnboardingBranchStep, at: Date): string {
  const what =
    step.type === 'email'
      ? `email ${step.template}${CONDITION_WORDS[step.when]}`
      : `notify the manager: "${step.message}"`;
  return `${what} on ${readableTime(at)}`;
}

/**
 * What an onboarding config does for a partner approved at `approvedAt`: every email and
 * notification with its date, in time order, and for each wait_for both outcomes — the event
 * happens by the deadline (the `else` steps are skipped) or not (they run, marked `onlyIf`).
 * Pure and deterministic: the dry run shows it and the drip workflow can follow it.
 */
export function planOnboardingTimeline(config: OnboardingConfig, approvedAt: Date): OnboardingTimeline {
  const timeAt = (offsetMinutes: number) => new Date(approvedAt.getTime() + offsetMinutes * MINUTE_MS);
  const entries: OnboardingTimelineEntry[] = [];

  const actionEntry = (step: OnboardingBranchStep, path: string, onlyIf?: EntryBase['onlyIf']): OnboardingTimelineEntry => {
    const offsetMinutes = delayMinutes(step, 'after');
    const at = timeAt(offsetMinutes);
    const condition = onlyIf ? `if no ${eventWords(onlyIf.noEvent)} by ${readableTime(new Date(onlyIf.by))}: ` : '';
    const base = { step: path, at: at.toISOString(), offsetMinutes, ...(onlyIf ? { onlyIf } : {}) };
    const summary = condition + describeAction(step, at);
    return step.type === 'email'
      ? { ...base, action: 'email', template: step.template, when: step.when, summary }
      : { ...base, action: 'notify_manager', message: step.message, summary };
  };

  config.steps.forEach((step, index) => {
    const path = `steps.${index}`;
    if (step.type !== 'wait_for') {
      entries.push(actionEntry(step, path));
      return;
    }
    const offsetMinutes = delayMinutes(step, 'within');
    const deadline = timeAt(offsetMinutes);
    const onlyIf = { noEvent: step.event, by: deadline.toISOString() };
    const branch = step.else.map((branchStep, branchIndex) => actionEntry(branchStep, `${path}.else.${branchIndex}`, onlyIf));
    const otherwise = step.else
      .map((branchStep) => describeAction(branchStep, timeAt(delayMinutes(branchStep, 'after'))))
      .join('; ');
    entries.push({
      step: path,
      action: 'wait_for_deadline',
      event: step.event,
      at: deadline.toISOString(),
      offsetMinutes,
      summary:
        `wait for the ${eventWords(step.event)} until ${readableTime(deadline)}: if it happens, nothing more from this step; ` +
        `if not: ${otherwise}`,
    });
    entries.push(...branch);
  });

  // Stable: steps due at the same minute keep their config order (a wait before its own branch).
  entries.sort((a, b) => a.offsetMinutes - b.offsetMinutes);
  return { approvedAt: approvedAt.toISOString(), entries };
}

import type { OnboardingEvent } from './onboarding-config.schema';
import type {
  DripConfig,
  DripStep,
  DripStepStatus,
  KnownActivity,
  OnboardingDripState,
  PartnerActivityLog,
} from './onboarding-drip.state';
import type { OnboardingTimeline } from './onboarding-timeline.engine';

/**
 * The decisions of a running onboarding drip, pure so they are tested without Temporal and
 * replay identically: which steps are due, why a due step is skipped, how a wait ends, what a
 * newer config version changes. The workflow sleeps, calls activities and records the outcomes.
 * Functions named for a change (`settle`, `endWait`, `adoptConfig`…) update the state in place
 * and return the steps they changed, which the workflow writes to the audit log.
 */

export const dripConfigLabel = (version: number | null): string => (version === null ? 'default' : `v${version}`);

export function newDripState(): OnboardingDripState {
  return { status: 'not_started', approvedAt: null, config: null, configChanges: [], activity: {}, steps: [] };
}

/** The welcome the lifecycle sends at approval, listed first so no drip step repeats it. */
export function approvalWelcomeStep(lifecycleStep: string, approvedAt: string, sentAt: string): DripStep {
  return {
    id: `approval:${lifecycleStep}`,
    config: 'approval',
    step: lifecycleStep,
    action: 'email',
    template: 'partner.welcome',
    dueAt: approvedAt,
    summary: 'email partner.welcome, sent by the lifecycle at approval',
    status: 'sent',
    settledAt: sentAt,
  };
}

/** A config's timeline as pending steps, ids prefixed by the config's label. */
export function plannedSteps(config: DripConfig, timeline: OnboardingTimeline): DripStep[] {
  return timeline.entries.map((entry) => ({
    id: `${config.label}:${entry.step}`,
    config: config.label,
    step: entry.step,
    action: entry.action,
    ...(entry.action === 'email' ? { template: entry.template, when: entry.when } : {}),
    ...(entry.action === 'notify_manager' ? { message: entry.message } : {}),
    ...(entry.action === 'wait_for_deadline' ? { event: entry.event } : {}),
    ...(entry.onlyIf ? { onlyIf: entry.onlyIf } : {}),
    dueAt: entry.at,
    summary: entry.summary,
    status: 'pending' as const,
  }));
}

export function settle(step: DripStep, status: DripStepStatus, at: string, reason?: string): DripStep {
  step.status = status;
  step.settledAt = at;
  if (reason !== undefined) step.reason = reason;
  return step;
}

const dueMs = (step: DripStep) => Date.parse(step.dueAt);
const pending = (steps: DripStep[]) => steps.filter((step) => step.status === 'pending');

export function nextDueAt(steps: DripStep[]): number | undefined {
  const times = pending(steps).map(dueMs);
  return times.length === 0 ? undefined : Math.min(...times);
}

/** Pending steps due by `nowMs`, earliest first; at the same time in plan order (a wait before its branch). */
export function dueSteps(steps: DripStep[], nowMs: number): DripStep[] {
  return pending(steps)
    .filter((step) => dueMs(step) <= nowMs)
    .sort((a, b) => dueMs(a) - dueMs(b));
}

const EVENT_WORDS: Record<OnboardingEvent, string> = { first_click: 'first click', first_conversion: 'first conversion' };
const describe = (event: OnboardingEvent, known: KnownActivity) =>
  `the partner's ${EVENT_WORDS[event]} (${known.sourceId}, at ${known.at}) was reported at ${known.receivedAt}`;

/** Pending waits whose event is already known: they end now, not at their deadline. */
export function waitsEndedByEvent(steps: DripStep[], activity: PartnerActivityLog): DripStep[] {
  return pending(steps).filter((step) => step.action === 'wait_for_deadline' && step.event && activity[step.event]);
}

/** Ends a wait: with its event known its `else` steps are skipped, otherwise they stay to run at their times. */
export function endWait(steps: DripStep[], wait: DripStep, activity: PartnerActivityLog, at: string): DripStep[] {
  const event = wait.event as OnboardingEvent;
  const known = activity[event];
  if (!known) {
    return [settle(wait, 'deadline_passed', at, `no ${EVENT_WORDS[event]} by ${wait.dueAt}: its else steps run at their times`)];
  }
  const changed = [settle(wait, 'event_happened', at, `${describe(event, known)}, before the deadline ${wait.dueAt}`)];
  for (const step of pending(steps).filter((candidate) => candidate.id.startsWith(`${wait.id}.else.`))) {
    changed.push(settle(step, 'skipped', at, `not needed: ${describe(event, known)}, before the wait's deadline ${wait.dueAt}`));
  }
  return changed;
}

/** The same email or notification, already sent under another config version or by the lifecycle. */
function alreadySent(step: DripStep, steps: DripStep[]): string | undefined {
  const earlier = steps.find(
    (other) =>
      other.status === 'sent' &&
      other.config !== step.config &&
      other.action === step.action &&
      other.template === step.template &&
      other.message === step.message,
  );
  if (!earlier) return undefined;
  return earlier.config === 'approval'
    ? `the lifecycle already sent ${step.template} at approval (step ${earlier.step})`
    : `already sent as ${earlier.id}`;
}

/** Why a due email or manager notification is not sent; undefined when it is. */
export function reasonToSkip(step: DripStep, steps: DripStep[], activity: PartnerActivityLog): string | undefined {
  const duplicate = alreadySent(step, steps);
  if (duplicate) return duplicate;
  if (step.when === 'no_click' && activity.first_click) return `only without a click: ${describe('first_click', activity.first_click)}`;
  if (step.when === 'no_conversion' && activity.first_conversion) {
    return `only without a conversion: ${describe('first_conversion', activity.first_conversion)}`;
  }
  return undefined;
}

export function pinConfig(state: OnboardingDripState, config: DripConfig, timeline: OnboardingTimeline, at: string, reason: string): void {
  state.status = 'running';
  state.config = config;
  state.configChanges.push({ config, how: 'pinned', at, reason });
  state.steps.push(...plannedSteps(config, timeline));
}

/**
 * Switches a running drip to a newer version at a step boundary (`boundaryMs`, the due time the
 * drip woke for). What has happened stays: sent, skipped and ended steps keep their outcome.
 * What has not: every pending step of the old version is superseded. The new version's steps
 * due before the boundary are not sent late (skipped, saying so); its waits whose deadline has
 * passed still end at once, by what is known, so their `else` steps due later run or not;
 * everything due from the boundary on runs at its time, except what was already sent.
 */
export function adoptConfig(
  state: OnboardingDripState,
  config: DripConfig,
  timeline: OnboardingTimeline,
  boundaryMs: number,
  at: string,
  reason: string,
): DripStep[] {
  const changed = pending(state.steps).map((step) => settle(step, 'superseded', at, `replaced by ${config.label} before it was due`));
  const incoming = plannedSteps(config, timeline);
  for (const step of incoming) {
    if (step.action === 'wait_for_deadline' || dueMs(step) >= boundaryMs) continue;
    const passed = `due ${step.dueAt}, before ${config.label} was adopted: not sent late`;
    changed.push(settle(step, 'skipped', at, alreadySent(step, state.steps) ?? passed));
  }
  state.steps.push(...incoming);
  state.config = config;
  state.configChanges.push({ config, how: 'adopted', at, reason });
  return changed;
}

/** The partner left onboarding (terminated): nothing more is sent. */
export function stopDrip(state: OnboardingDripState, at: string, reason: string): DripStep[] {
  state.status = 'stopped';
  state.reason = reason;
  return pending(state.steps).map((step) => settle(step, 'skipped', at, reason));
}

import { DEFAULT_ONBOARDING_CONFIG } from '../configs/default-configs';
import { onboardingConfigSchema } from './onboarding-config.schema';
import {
  adoptConfig,
  approvalWelcomeStep,
  dueSteps,
  endWait,
  newDripState,
  nextDueAt,
  pinConfig,
  reasonToSkip,
  settle,
  stopDrip,
  waitsEndedByEvent,
} from './onboarding-drip.engine';
import type { DripConfig, DripStep, OnboardingDripState, PartnerActivityLog } from './onboarding-drip.state';
import { planOnboardingTimeline } from './onboarding-timeline.engine';

const DAY_MS = 24 * 3_600_000;
const approvedAt = new Date('2026-03-01T09:00:00.000Z');
const day = (n: number) => approvedAt.getTime() + n * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const v = (version: number): DripConfig => ({ label: `v${version}`, versionId: `cfg_${version}`, version, source: 'program' });
const timeline = (document: unknown) => planOnboardingTimeline(onboardingConfigSchema.parse(document), approvedAt);
const clicked: PartnerActivityLog = { first_click: { at: iso(day(3)), sourceId: 'clk_1', receivedAt: iso(day(3) + 5_000) } };

/** A drip on the default sequence (v1), the lifecycle's welcome sent at approval. */
function defaultDrip(): OnboardingDripState {
  const state = newDripState();
  state.steps.push(approvalWelcomeStep('welcome-email', approvedAt.toISOString(), approvedAt.toISOString()));
  pinConfig(state, v(1), timeline(DEFAULT_ONBOARDING_CONFIG), approvedAt.toISOString(), 'current version');
  return state;
}
const byId = (state: OnboardingDripState, id: string) => state.steps.find((step) => step.id === id) as DripStep;

describe('onboarding drip engine', () => {
  it('pins a version: its steps pending with their times, a wait before its own branch', () => {
    const state = defaultDrip();
    expect(state).toMatchObject({ status: 'running', config: v(1), configChanges: [{ how: 'pinned', reason: 'current version' }] });
    expect(nextDueAt(state.steps)).toBe(day(0));
    expect(dueSteps(state.steps, day(14)).map((step) => step.id)).toEqual([
      'v1:steps.0', 'v1:steps.1', 'v1:steps.2', 'v1:steps.3', 'v1:steps.3.else.0', 'v1:steps.4',
    ]);
  });

  it('skips the day-0 welcome the lifecycle already sent, and emails whose condition no longer holds', () => {
    const state = defaultDrip();
    expect(reasonToSkip(byId(state, 'v1:steps.0'), state.steps, {})).toBe('the lifecycle already sent partner.welcome at approval (step welcome-email)');
    expect(reasonToSkip(byId(state, 'v1:steps.1'), state.steps, clicked)).toBeUndefined();
    const step = (when: 'no_click' | 'no_conversion') => ({ ...byId(state, 'v1:steps.1'), when });
    expect(reasonToSkip(step('no_click'), state.steps, clicked)).toMatch(/^only without a click: the partner's first click \(clk_1, at 2026-03-04T09:00:00.000Z\)/);
    expect(reasonToSkip(step('no_conversion'), state.steps, clicked)).toBeUndefined();
  });

  it('allows a template twice within one version, not again under a later one', () => {
    const state = newDripState();
    pinConfig(state, v(1), timeline({ steps: [1, 5].map((afterDays) => ({ type: 'email', template: 'onboarding.check_in', afterDays })) }), 'x', 'x');
    settle(state.steps[0], 'sent', 'x');
    expect(reasonToSkip(state.steps[1], state.steps, {})).toBeUndefined();
    expect(reasonToSkip({ ...state.steps[1], config: 'v2', id: 'v2:steps.0' }, state.steps, {})).toBe('already sent as v1:steps.0');
  });

  it('ends a wait on its event, skipping its branch; at its deadline without the event, keeps the branch', () => {
    const early = defaultDrip();
    expect(waitsEndedByEvent(early.steps, {})).toEqual([]);
    const [wait] = waitsEndedByEvent(early.steps, clicked);
    const changed = endWait(early.steps, wait, clicked, iso(day(3)));
    expect(changed.map((step) => [step.id, step.status])).toEqual([['v1:steps.3', 'event_happened'], ['v1:steps.3.else.0', 'skipped']]);
    expect(changed[1].reason).toMatch(/^not needed: the partner's first click \(clk_1, .*\) was reported at .*, before the wait's deadline 2026-03-15T09:00:00.000Z$/);

    const late = defaultDrip();
    expect(endWait(late.steps, byId(late, 'v1:steps.3'), {}, iso(day(14)))).toEqual([
      expect.objectContaining({ status: 'deadline_passed', reason: 'no first click by 2026-03-15T09:00:00.000Z: its else steps run at their times' }),
    ]);
    expect(byId(late, 'v1:steps.3.else.0').status).toBe('pending');
  });

  it('adopts a newer version at a boundary: old pending steps superseded, passed ones not sent late, done ones not redone', () => {
    const state = defaultDrip();
    settle(byId(state, 'v1:steps.0'), 'skipped', iso(day(0)), 'welcome');
    settle(byId(state, 'v1:steps.1'), 'sent', iso(day(2)));
    const next = timeline({
      steps: [
        { type: 'email', template: 'onboarding.top_pages', afterDays: 8 },
        { type: 'email', template: 'onboarding.webinar', afterDays: 3 },
        { type: 'email', template: 'onboarding.top_pages', afterDays: 1 },
        { type: 'wait_for', event: 'first_click', withinDays: 4, else: [{ type: 'email', template: 'onboarding.no_click_nudge', afterDays: 9 }] },
      ],
    });
    const changed = adoptConfig(state, v(2), next, day(7), iso(day(7)), 'saved for running drips');
    expect(changed.map((step) => [step.id, step.status, step.reason])).toEqual([
      ['v1:steps.2', 'superseded', 'replaced by v2 before it was due'],
      ['v1:steps.3', 'superseded', 'replaced by v2 before it was due'],
      ['v1:steps.3.else.0', 'superseded', 'replaced by v2 before it was due'],
      ['v1:steps.4', 'superseded', 'replaced by v2 before it was due'],
      ['v1:steps.5', 'superseded', 'replaced by v2 before it was due'],
      ['v2:steps.2', 'skipped', 'already sent as v1:steps.1'],
      ['v2:steps.1', 'skipped', 'due 2026-03-04T09:00:00.000Z, before v2 was adopted: not sent late'],
    ]);
    expect(state.config).toEqual(v(2));
    expect(state.configChanges.map((change) => change.how)).toEqual(['pinned', 'adopted']);
    // The passed wait still ends now, by what is known; the rest waits for its time.
    expect(dueSteps(state.steps, day(7)).map((step) => step.id)).toEqual(['v2:steps.3']);
    expect(byId(state, 'v2:steps.0').status).toBe('pending');
    expect(nextDueAt(state.steps)).toBe(day(4));
  });

  it('stops: every pending step skipped with the reason', () => {
    const state = defaultDrip();
    const skipped = stopDrip(state, iso(day(1)), 'the partner was terminated');
    expect(skipped).toHaveLength(7);
    expect(state).toMatchObject({ status: 'stopped', reason: 'the partner was terminated' });
    expect(nextDueAt(state.steps)).toBeUndefined();
  });
});

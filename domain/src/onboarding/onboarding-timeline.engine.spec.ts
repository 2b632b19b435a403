import { DEFAULT_ONBOARDING_CONFIG } from '../configs/default-configs';
import { onboardingConfigSchema } from './onboarding-config.schema';
import { planOnboardingTimeline } from './onboarding-timeline.engine';

const approvedAt = new Date('2026-03-01T09:30:00.000Z');

describe('planOnboardingTimeline', () => {
  it('dates every step of the default sequence from the approval, with both outcomes of the no-click wait', () => {
    const timeline = planOnboardingTimeline(onboardingConfigSchema.parse(DEFAULT_ONBOARDING_CONFIG), approvedAt);
    expect(timeline.approvedAt).toBe('2026-03-01T09:30:00.000Z');
    expect(timeline.entries.map((entry) => [entry.step, entry.at, entry.summary])).toEqual([
      ['steps.0', '2026-03-01T09:30:00.000Z', 'email partner.welcome on 2026-03-01 09:30 UTC'],
      ['steps.1', '2026-03-03T09:30:00.000Z', 'email onboarding.top_pages on 2026-03-03 09:30 UTC'],
      ['steps.2', '2026-03-08T09:30:00.000Z', 'email onboarding.webinar on 2026-03-08 09:30 UTC'],
      [
        'steps.3',
        '2026-03-15T09:30:00.000Z',
        'wait for the first click until 2026-03-15 09:30 UTC: if it happens, nothing more from this step; ' +
          'if not: email onboarding.no_click_nudge on 2026-03-15 09:30 UTC',
      ],
      ['steps.3.else.0', '2026-03-15T09:30:00.000Z', 'if no first click by 2026-03-15 09:30 UTC: email onboarding.no_click_nudge on 2026-03-15 09:30 UTC'],
      ['steps.4', '2026-03-15T09:30:00.000Z', 'email onboarding.case_studies on 2026-03-15 09:30 UTC'],
      ['steps.5', '2026-03-22T09:30:00.000Z', 'email onboarding.check_in on 2026-03-22 09:30 UTC'],
    ]);
    expect(timeline.entries[3]).toMatchObject({ action: 'wait_for_deadline', event: 'first_click', offsetMinutes: 14 * 24 * 60 });
    expect(timeline.entries[4]).toMatchObject({
      action: 'email',
      template: 'onboarding.no_click_nudge',
      when: 'always',
      onlyIf: { noEvent: 'first_click', by: '2026-03-15T09:30:00.000Z' },
    });
    expect(timeline.entries.filter((entry) => entry.onlyIf === undefined)).toHaveLength(6);
  });

  it('orders steps by time whatever their order in the config, and reads hours, minutes and conditions', () => {
    const config = onboardingConfigSchema.parse({
      steps: [
        { type: 'notify_manager', message: 'no conversion yet', afterDays: 10 },
        { type: 'email', template: 'onboarding.check_in', afterHours: 5, when: 'no_conversion' },
        {
          type: 'wait_for',
          event: 'first_conversion',
          withinMinutes: 90,
          else: [
            { type: 'email', template: 'onboarding.no_click_nudge', afterMinutes: 90, when: 'no_click' },
            { type: 'notify_manager', message: 'nudge sent', afterHours: 2 },
          ],
        },
      ],
    });
    const { entries } = planOnboardingTimeline(config, approvedAt);
    expect(entries.map((entry) => [entry.step, entry.offsetMinutes])).toEqual([
      ['steps.2', 90],
      ['steps.2.else.0', 90],
      ['steps.2.else.1', 120],
      ['steps.1', 300],
      ['steps.0', 14_400],
    ]);
    expect(entries[0].summary).toBe(
      'wait for the first conversion until 2026-03-01 11:00 UTC: if it happens, nothing more from this step; if not: ' +
        'email onboarding.no_click_nudge (only if the partner has no click yet) on 2026-03-01 11:00 UTC; ' +
        'notify the manager: "nudge sent" on 2026-03-01 11:30 UTC',
    );
    expect(entries[3].summary).toBe('email onboarding.check_in (only if the partner has no conversion yet) on 2026-03-01 14:30 UTC');
    expect(entries[4]).toMatchObject({ action: 'notify_manager', message: 'no conversion yet', at: '2026-03-11T09:30:00.000Z' });
  });

  it('plans nothing for an empty drip', () => {
    expect(planOnboardingTimeline({ steps: [] }, approvedAt).entries).toEqual([]);
  });
});

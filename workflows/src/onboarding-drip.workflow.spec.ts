import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities, LoadedOnboardingConfig } from '@partnerflow/activities';
import {
  DEFAULT_ONBOARDING_CONFIG,
  dripConfigLabel,
  onboardingConfigSchema,
  onboardingStateQuery,
  partnerActivitySignal,
  partnerLifecycleWorkflowId,
  screeningConfigSchema,
  type DripJournalEntry,
  type OnboardingDripState,
} from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { testApplicant } from '../../test/support/applicants';
import { partnerLifecycleWorkflow } from './partner-lifecycle.workflow';
import { engagementStubs } from './lifecycle-engagement.test-stubs';

const DAY_MS = 24 * 3_600_000;

const version = (number: number | null, document: unknown): LoadedOnboardingConfig => ({
  config: { label: dripConfigLabel(number), versionId: number === null ? null : `cfg_v${number}`, version: number, source: number === null ? 'default' : 'program' },
  document: onboardingConfigSchema.parse(document),
  reason: number === null ? 'no onboarding config: the default runs' : `version ${number}`,
});

interface Sent {
  template: string;
  step: string;
  /** Days after approval, from the server's (skipped) clock. */
  day: number;
  recipients?: string[];
}

/** Activity stubs: an approving screening, the given onboarding versions, and records of what was sent. */
function stubActivities(pinned: LoadedOnboardingConfig, reviewerEmails: string[] = ['lead@acme.test'], undeliverable?: string) {
  let approvedAt = 0;
  const sent: Sent[] = [];
  const journal: DripJournalEntry[] = [];
  const adoptionChecks: (number | null)[] = [];
  /** What findOnboardingConfigToAdopt answers: a test sets it to "save" a version for running drips. */
  const stubs = { sent, journal, adoptionChecks, adoptable: null as LoadedOnboardingConfig | null, activities: {} as Activities };
  const dayOf = () => Math.round(((Context.current().info.scheduledTimestampMs - approvedAt) / DAY_MS) * 100) / 100;
  const activities: Partial<Activities> = {
    ...engagementStubs().activities, // (engagement turned off, so no engagement timers: lifecycle-engagement.workflow.spec.ts tests them)
    loadScreeningConfig: async () => ({ version: 1, config: screeningConfigSchema.parse({ rules: [] }) }),
    loadApplicationForScreening: async () => testApplicant(),
    recordStageChange: async () => {
      approvedAt = Context.current().info.scheduledTimestampMs;
      return { recorded: true };
    },
    sendPartnerEmail: async ({ template, step }) => {
      if (template === undeliverable) throw ApplicationFailure.nonRetryable('SMTP refused the message: 550 no such user', 'PermanentDeliveryFailure');
      sent.push({ template, step, day: step === 'welcome-email' ? 0 : dayOf() });
      return { messageId: `msg_${sent.length}`, smtpMessageId: null, alreadySent: false };
    },
    sendOperatorEmail: async ({ template, step, recipients }) => {
      sent.push({ template, step, day: dayOf(), recipients });
      return { messageId: `msg_${sent.length}`, smtpMessageId: null, alreadySent: false };
    },
    loadOnboardingConfig: async () => pinned,
    findOnboardingConfigToAdopt: async ({ newerThan }) => {
      adoptionChecks.push(newerThan);
      return stubs.adoptable;
    },
    loadOnboardingManagers: async () => ({ recipients: reviewerEmails, source: 'screening config review.reviewerEmails' }),
    recordOnboardingProgress: async ({ entries }) => {
      journal.push(...entries);
      return { recorded: entries.length };
    },
  };
  stubs.activities = activities as Activities;
  return stubs;
}
type Stubs = ReturnType<typeof stubActivities>;

describe('onboarding drip in partnerLifecycleWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** Starts a partner who is approved at once, waits for the drip to pin its config, then runs `drive`. */
  async function runDrip(stubs: Stubs, drive: (drip: DripHandle) => Promise<void>) {
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs.activities });
    const partnerId = `ptn_${randomUUID()}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(partnerLifecycleWorkflow, {
        workflowId: partnerLifecycleWorkflowId(partnerId),
        taskQueue,
        args: [{ partnerId, programId: 'prg_test', screeningConfigVersionId: 'cfg_screening' }],
      });
      const state = () => handle.query(onboardingStateQuery);
      const until = async (check: (s: OnboardingDripState) => boolean) => waitFor(async () => check(await state()));
      await until((s) => s.status === 'running');
      await drive({ handle, state, until });
    });
  }
  type DripHandle = {
    handle: Awaited<ReturnType<typeof env.client.workflow.start<typeof partnerLifecycleWorkflow>>>;
    state: () => Promise<OnboardingDripState>;
    until: (check: (s: OnboardingDripState) => boolean) => Promise<void>;
  };
  const outcomes = (state: OnboardingDripState) => state.steps.map((step) => [step.id, step.status]);
  const click = (sourceId: string, at: string) => ({ event: 'first_click' as const, at, sourceId });

  it('runs the default sequence: each email on its day, the welcome once, the no-click nudge without a click', async () => {
    const stubs = stubActivities(version(null, DEFAULT_ONBOARDING_CONFIG));
    await runDrip(stubs, async ({ handle, state, until }) => {
      const pinned = await state();
      expect(pinned.config).toEqual({ label: 'default', versionId: null, version: null, source: 'default' });
      expect(pinned.configChanges).toEqual([expect.objectContaining({ how: 'pinned', reason: 'no onboarding config: the default runs' })]);
      const { memo } = await handle.describe();
      expect(memo).toMatchObject({ onboardingConfigSource: 'default' });
      expect(memo).not.toHaveProperty('onboardingConfigVersionId');
      await env.sleep('22 days');
      await until((s) => s.status === 'finished');
    });
    expect(stubs.sent.map((email) => [email.template, email.day, email.step])).toEqual([
      ['partner.welcome', 0, 'welcome-email'],
      ['onboarding.top_pages', 2, 'onboarding:default:steps.1'],
      ['onboarding.webinar', 7, 'onboarding:default:steps.2'],
      ['onboarding.no_click_nudge', 14, 'onboarding:default:steps.3.else.0'],
      ['onboarding.case_studies', 14, 'onboarding:default:steps.4'],
      ['onboarding.check_in', 21, 'onboarding:default:steps.5'],
    ]);
    const steps = stubs.journal.flatMap((entry) => (entry.kind === 'step' ? [entry.step] : []));
    expect(steps.map((step) => [step.id, step.status])).toEqual([
      ['default:steps.0', 'skipped'],
      ['default:steps.1', 'sent'],
      ['default:steps.2', 'sent'],
      ['default:steps.3', 'deadline_passed'],
      ['default:steps.3.else.0', 'sent'],
      ['default:steps.4', 'sent'],
      ['default:steps.5', 'sent'],
    ]);
    expect(steps[0].reason).toBe('the lifecycle already sent partner.welcome at approval (step welcome-email)');
    expect(steps[3].reason).toMatch(/^no first click by .*: its else steps run at their times$/);
  });

  it('ends the no-click wait when the first click arrives, skips the nudge and no_click emails; a repeated signal changes nothing', async () => {
    const stubs = stubActivities(
      version(3, {
        steps: [
          { type: 'email', template: 'onboarding.top_pages', afterDays: 2 },
          { type: 'wait_for', event: 'first_click', withinDays: 14, else: [{ type: 'email', template: 'onboarding.no_click_nudge', afterDays: 14 }] },
          { type: 'email', template: 'onboarding.webinar', afterDays: 5, when: 'no_click' },
          { type: 'email', template: 'onboarding.check_in', afterDays: 21, when: 'no_conversion' },
        ],
      }),
    );
    let afterFirst: OnboardingDripState | undefined;
    await runDrip(stubs, async ({ handle, state, until }) => {
      await env.sleep('3 days');
      await handle.signal(partnerActivitySignal, click('clk_first', '2026-01-03T10:00:00.000Z'));
      await until((s) => s.steps.some((step) => step.status === 'event_happened'));
      afterFirst = await state();
      await handle.signal(partnerActivitySignal, click('clk_again', '2026-01-04T10:00:00.000Z'));
      await env.sleep('20 days');
      await until((s) => s.status === 'finished');
      expect((await state()).activity).toEqual(afterFirst?.activity);
    });
    expect(afterFirst?.activity.first_click).toMatchObject({ at: '2026-01-03T10:00:00.000Z', sourceId: 'clk_first' });
    expect(stubs.sent.map((email) => [email.template, email.day])).toEqual([
      ['partner.welcome', 0],
      ['onboarding.top_pages', 2],
      ['onboarding.check_in', 21],
    ]);
    const steps = Object.fromEntries(stubs.journal.flatMap((entry) => (entry.kind === 'step' ? [[entry.step.id, entry.step]] : [])));
    expect(steps['v3:steps.1']).toMatchObject({ status: 'event_happened', reason: expect.stringContaining("the partner's first click (clk_first") });
    // It ended on the signal, on day 3, not at its day-14 deadline.
    expect(Date.parse(steps['v3:steps.1'].settledAt ?? '') - Date.parse(afterFirst?.approvedAt ?? '')).toBeLessThan(4 * DAY_MS);
    expect(steps['v3:steps.1.else.0']).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^not needed: the partner's first click/) });
    expect(steps['v3:steps.2']).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^only without a click: /) });
    expect(Object.keys(steps)).toHaveLength(5);
  });

  it('runs a wait_for else branch (email and manager notification) when the event does not come, skips it when it does', async () => {
    const drip = {
      steps: [
        {
          type: 'wait_for',
          event: 'first_conversion',
          withinDays: 10,
          else: [
            { type: 'email', template: 'onboarding.check_in', afterDays: 10 },
            { type: 'notify_manager', message: 'No conversion after 10 days: give them a call.', afterDays: 11 },
          ],
        },
      ],
    };
    const quiet = stubActivities(version(1, drip));
    await runDrip(quiet, async ({ until }) => {
      await env.sleep('12 days');
      await until((s) => s.status === 'finished');
    });
    expect(quiet.sent.map((email) => [email.template, email.day, email.recipients])).toEqual([
      ['partner.welcome', 0, undefined],
      ['onboarding.check_in', 10, undefined],
      ['operator.onboarding_notification', 11, ['lead@acme.test']],
    ]);

    const converting = stubActivities(version(1, drip));
    let final: OnboardingDripState | undefined;
    await runDrip(converting, async ({ handle, state, until }) => {
      await env.sleep('4 days');
      await handle.signal(partnerActivitySignal, { event: 'first_conversion', at: '2026-01-05T00:00:00.000Z', sourceId: 'cnv_1' });
      await until((s) => s.status === 'finished');
      final = await state();
    });
    expect(converting.sent.map((email) => email.template)).toEqual(['partner.welcome']);
    expect(outcomes(final!)).toEqual([
      ['approval:welcome-email', 'sent'],
      ['v1:steps.0', 'event_happened'],
      ['v1:steps.0.else.0', 'skipped'],
      ['v1:steps.0.else.1', 'skipped'],
    ]);
  });

  it('says why a step was not sent (no reviewer emails, a failed delivery) and goes on with the next', async () => {
    const steps = [
      { type: 'notify_manager', message: 'Say hello.', afterHours: 1 },
      { type: 'email', template: 'onboarding.top_pages', afterHours: 2 },
      { type: 'email', template: 'onboarding.check_in', afterHours: 3 },
    ];
    const stubs = stubActivities(version(1, { steps }), [], 'onboarding.top_pages');
    let final: OnboardingDripState | undefined;
    await runDrip(stubs, async ({ state, until }) => {
      await env.sleep('4 hours');
      await until((s) => s.status === 'finished');
      final = await state();
    });
    expect(final?.steps.slice(1).map((step) => [step.status, step.reason])).toEqual([
      ['skipped', 'nobody to notify: screening config review.reviewerEmails'],
      ['failed', 'not delivered: SMTP refused the message: 550 no such user'],
      ['sent', 'message msg_2'],
    ]);
  });

  it('adopts a version saved for running drips at the next step boundary, never resending or sending late', async () => {
    const stubs = stubActivities(version(1, DEFAULT_ONBOARDING_CONFIG));
    let final: OnboardingDripState | undefined;
    await runDrip(stubs, async ({ handle, state, until }) => {
      await env.sleep('3 days'); // top_pages sent on day 2
      stubs.adoptable = version(2, {
        steps: [
          { type: 'email', template: 'onboarding.check_in', afterDays: 1 },
          { type: 'email', template: 'onboarding.top_pages', afterDays: 8 },
          { type: 'email', template: 'onboarding.webinar', afterDays: 7 },
          { type: 'email', template: 'onboarding.case_studies', afterDays: 10 },
        ],
      });
      await env.sleep('8 days');
      await until((s) => s.status === 'finished');
      final = await state();
      expect((await handle.describe()).memo).toMatchObject({ onboardingConfigVersionId: 'cfg_v2', onboardingConfigVersion: 2, onboardingConfigSource: 'program' });
    });
    expect(stubs.sent.map((email) => [email.template, email.day, email.step])).toEqual([
      ['partner.welcome', 0, 'welcome-email'],
      ['onboarding.top_pages', 2, 'onboarding:v1:steps.1'],
      ['onboarding.webinar', 7, 'onboarding:v2:steps.2'],
      ['onboarding.case_studies', 10, 'onboarding:v2:steps.3'],
    ]);
    expect(stubs.adoptionChecks).toEqual([1, 1, 2, 2]); // the boundaries of days 2, 7 (adopted), 8 and 10
    expect(final?.configChanges.map((change) => [change.how, change.config.label])).toEqual([['pinned', 'v1'], ['adopted', 'v2']]);
    const byId = Object.fromEntries(final!.steps.map((step) => [step.id, step]));
    expect(byId['v1:steps.2']).toMatchObject({ status: 'superseded', reason: 'replaced by v2 before it was due' });
    expect(byId['v1:steps.3.else.0'].status).toBe('superseded');
    expect(byId['v2:steps.0']).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^due .*, before v2 was adopted: not sent late$/) });
    expect(byId['v2:steps.1']).toMatchObject({ status: 'skipped', reason: 'already sent as v1:steps.1' });
    expect(stubs.journal.filter((entry) => entry.kind === 'config').map((entry) => entry.kind === 'config' && entry.change.how)).toEqual(['pinned', 'adopted']);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// (Re)captures the onboarding drip's histories of partnerLifecycleWorkflow, like
// capture-histories.spec.ts (same command, same refusal to hide a non-deterministic change):
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, LoadedOnboardingConfig } from '@partnerflow/activities';
import {
  DEFAULT_ONBOARDING_CONFIG,
  dripConfigLabel,
  onboardingConfigSchema,
  partnerActivitySignal,
  partnerLifecycleWorkflowId,
  screeningConfigSchema,
} from '@partnerflow/domain';
import { partnerLifecycleWorkflow } from '@partnerflow/workflows';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { testApplicant } from '../support/applicants';
import { refuseToHideANonDeterministicChange, save, settledHistory, startCaptureWorker, TASK_QUEUE } from './capture-support';
import { engagementStubs } from '../../workflows/src/lifecycle-engagement.test-stubs';

const version = (number: number | null, document: unknown): LoadedOnboardingConfig => ({
  config: { label: dripConfigLabel(number), versionId: number === null ? null : `cfg_replay_onboarding_${number}`, version: number, source: number === null ? 'default' : 'program' },
  document: onboardingConfigSchema.parse(document),
  reason: number === null ? 'no onboarding config version: the built-in default drip runs' : `the current version, ${number}`,
});

/** The onboarding config each scenario's program runs. */
const pinned: Record<string, LoadedOnboardingConfig> = {
  prg_replay_default: version(null, DEFAULT_ONBOARDING_CONFIG),
  prg_replay_clicked: version(3, {
    steps: [
      { type: 'email', template: 'onboarding.top_pages', afterDays: 2 },
      { type: 'wait_for', event: 'first_click', withinDays: 14, else: [{ type: 'email', template: 'onboarding.no_click_nudge', afterDays: 14 }] },
      { type: 'email', template: 'onboarding.webinar', afterDays: 5, when: 'no_click' },
      { type: 'email', template: 'onboarding.check_in', afterDays: 21, when: 'no_conversion' },
    ],
  }),
  prg_replay_adopt: version(1, {
    steps: [
      { type: 'email', template: 'onboarding.top_pages', afterDays: 2 },
      { type: 'email', template: 'onboarding.webinar', afterDays: 7 },
      { type: 'email', template: 'onboarding.check_in', afterDays: 21 },
    ],
  }),
};
/** Saved for running drips while prg_replay_adopt's partner is on day 3. */
const adoptedLater = version(2, {
  steps: [
    { type: 'email', template: 'onboarding.top_pages', afterDays: 2 },
    { type: 'notify_manager', message: 'A week in: say hello.', afterDays: 8 },
    { type: 'wait_for', event: 'first_conversion', withinDays: 9, else: [{ type: 'email', template: 'onboarding.case_studies', afterDays: 10 }] },
  ],
});

const lifecycle = (scenario: string) => `${partnerLifecycleWorkflow.name}-${scenario}.json`;
const CAPTURED_FILES = [
  lifecycle('onboarding-default-finished'),
  lifecycle('onboarding-clicked-in-flight'),
  lifecycle('onboarding-clicked-finished'),
  lifecycle('onboarding-adopted'),
];

const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture onboarding drip histories (CAPTURE_HISTORIES is set)', () => {
  let env: TestWorkflowEnvironment;
  let client: Client;
  let worker: Awaited<ReturnType<typeof startCaptureWorker>> | undefined;
  let adoptable = false;

  beforeAll(async () => {
    const bundle = await workflowBundle();
    await refuseToHideANonDeterministicChange(bundle, CAPTURED_FILES);
    env = await createTimeSkippingEnvironment();
    const activities: Partial<Activities> = {
      ...engagementStubs().activities, // (engagement turned off, so no engagement timers: lifecycle-engagement.workflow.spec.ts tests them)
      loadScreeningConfig: async () => ({ version: 1, config: screeningConfigSchema.parse({ rules: [] }) }),
      loadApplicationForScreening: async () => testApplicant(),
      recordStageChange: async () => ({ recorded: true }),
      sendPartnerEmail: async ({ step }) => ({ messageId: `msg_${step}`, smtpMessageId: null, alreadySent: false }),
      sendOperatorEmail: async ({ step }) => ({ messageId: `msg_${step}`, smtpMessageId: null, alreadySent: false }),
      loadOnboardingConfig: async ({ programId }) => pinned[programId],
      findOnboardingConfigToAdopt: async ({ programId, newerThan }) =>
        programId === 'prg_replay_adopt' && adoptable && (newerThan ?? 0) < 2 ? adoptedLater : null,
      loadOnboardingManagers: async () => ({ recipients: ['lead@replay.test'], source: 'review.reviewerEmails of screening config version 1' }),
      recordOnboardingProgress: async ({ entries }) => ({ recorded: entries.length }),
    };
    worker = await startCaptureWorker(env, bundle, activities);
    client = worker.client;
  });

  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  const start = (scenario: string, programId: string) =>
    client.workflow.start(partnerLifecycleWorkflow, {
      workflowId: partnerLifecycleWorkflowId(`ptn_replay_${scenario}`),
      taskQueue: TASK_QUEUE,
      args: [{ partnerId: `ptn_replay_${scenario}`, programId, screeningConfigVersionId: 'cfg_replay' }],
    });

  it('the default drip without any activity: every email on its day, the nudge at day 14', async () => {
    const handle = await start('onboarding_default', 'prg_replay_default');
    await settledHistory(handle, { activitiesCompleted: 5 }); // approval, welcome, pin, engagement policy (off), day-0 welcome skipped
    await env.sleep('22 days');
    // days 2 and 7: check for a newer version, send, audit; 14: + the nudge; 21: the last
    save(lifecycle('onboarding-default-finished'), await settledHistory(handle, { activitiesCompleted: 18 }));
  });

  it('a first click on day 3 ends the no-click wait; its repeat changes nothing', async () => {
    const handle = await start('onboarding_clicked', 'prg_replay_clicked');
    await settledHistory(handle, { activitiesCompleted: 5 });
    await env.sleep('3 days');
    await handle.signal(partnerActivitySignal, { event: 'first_click', at: '2026-01-03T10:00:00.000Z', sourceId: 'clk_replay_1' });
    await handle.signal(partnerActivitySignal, { event: 'first_click', at: '2026-01-03T11:00:00.000Z', sourceId: 'clk_replay_2' });
    save(lifecycle('onboarding-clicked-in-flight'), await settledHistory(handle, { activitiesCompleted: 9 }));
    await env.sleep('19 days'); // the no_click webinar skipped on day 5, the check-in sent on day 21
    save(lifecycle('onboarding-clicked-finished'), await settledHistory(handle, { activitiesCompleted: 14 }));
  });

  it('a version saved for running drips is adopted at the next boundary, with a manager notification', async () => {
    const handle = await start('onboarding_adopt', 'prg_replay_adopt');
    await settledHistory(handle, { activitiesCompleted: 5 });
    await env.sleep('3 days');
    await settledHistory(handle, { activitiesCompleted: 8 }); // top pages sent on day 2
    adoptable = true;
    await env.sleep('8 days'); // day 7 adopts v2; 8 notifies the manager; 9 the wait ends; 10 case studies
    save(lifecycle('onboarding-adopted'), await settledHistory(handle, { activitiesCompleted: 19 }));
  });
});

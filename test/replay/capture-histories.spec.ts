// (Re)captures the committed histories under histories/ from real runs of every workflow on the
// time-skipping test server, with stub activities. Skipped unless CAPTURE_HISTORIES is set:
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories
//
// Before overwriting a history it replays the committed one against the current code and stops
// if that fails: refreshing must never hide a change that breaks workflows already running.
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities, PartnerEmailRequest } from '@partnerflow/activities';
import {
  DEFAULT_ONBOARDING_CONFIG,
  decideReviewUpdate,
  onboardingConfigSchema,
  partnerLifecycleWorkflowId,
  screeningConfigSchema,
  screeningWorkflowId,
  type ApplicationUnderScreening,
  type ScreeningConfig,
} from '@partnerflow/domain';
import { partnerLifecycleWorkflow, screeningWorkflow } from '@partnerflow/workflows';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { testApplicant } from '../support/applicants';
import {
  completedHistory,
  refuseToHideANonDeterministicChange,
  save,
  settledHistory,
  startCaptureWorker,
  TASK_QUEUE,
} from './capture-support';
import { engagementStubs } from '../../workflows/src/lifecycle-engagement.test-stubs';

const config: ScreeningConfig = screeningConfigSchema.parse({
  rules: [
    { type: 'blocked_email_domains', domains: ['mailinator.com'], outcome: 'reject' },
    { type: 'min_audience', min: 1000, outcome: 'review' },
  ],
  whenAllRulesPass: 'approve',
  review: {
    reviewerEmails: ['reviewer@replay.test'],
    remindAfterHours: 24,
    escalateAfterHours: 48,
    escalationEmails: ['head@replay.test'],
  },
});

/** Screening configs by version id: the second decides itself when the review deadline passes. */
const configs: Record<string, ScreeningConfig> = {
  cfg_replay: config,
  cfg_replay_deadline: screeningConfigSchema.parse({ ...config, review: { ...config.review, deadlineHours: 96, onDeadline: 'reject' } }),
};

const baseApplication = testApplicant();

/** One applicant per scenario, looked up by partner id. */
const applicants: Record<string, ApplicationUnderScreening> = {
  ptn_replay_approved: baseApplication,
  ptn_replay_rejected: { ...baseApplication, email: 'x@mailinator.com' },
  ptn_replay_review: { ...baseApplication, audienceSize: 10 },
  ptn_replay_reminded: { ...baseApplication, audienceSize: 10 },
  ptn_replay_auto_decided: { ...baseApplication, audienceSize: 10 },
};

/**
 * Every file this capture writes, `<workflowType>-<scenario>.json`. Approved lifecycles run the
 * onboarding drip since `patched('onboarding-drip')` and read their engagement policy since
 * `patched('lifecycle-engagement')`; their earlier shapes are kept as
 * `…-before-onboarding-drip.json` and `…-before-lifecycle-engagement.json`, which the capture
 * never writes.
 */
const lifecycle = (scenario: string) => `${partnerLifecycleWorkflow.name}-${scenario}.json`;
const screening = (scenario: string) => `${screeningWorkflow.name}-${scenario}.json`;
const CAPTURED_FILES = [
  lifecycle('approved'),
  screening('approved-by-rules'),
  lifecycle('rejected'),
  screening('rejected-by-rules'),
  lifecycle('awaiting-screening'),
  screening('awaiting-review'),
  lifecycle('approved-after-review'),
  screening('approved-by-review'),
  screening('reminded'),
  screening('escalated'),
  screening('auto-decided'),
];

const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture workflow histories (CAPTURE_HISTORIES is set)', () => {
  let env: TestWorkflowEnvironment;
  let client: Client;
  let bundle: WorkflowBundleWithSourceMap;
  let worker: Awaited<ReturnType<typeof startCaptureWorker>> | undefined;
  const emails: PartnerEmailRequest[] = [];

  beforeAll(async () => {
    bundle = await workflowBundle();
    await refuseToHideANonDeterministicChange(bundle, CAPTURED_FILES);

    env = await createTimeSkippingEnvironment();
    const activities: Partial<Activities> = {
      ...engagementStubs().activities, // (engagement turned off, so no engagement timers: lifecycle-engagement.workflow.spec.ts tests them)
      loadScreeningConfig: async (configVersionId) => ({ version: 3, config: configs[configVersionId] }),
      loadApplicationForScreening: async (partnerId) => {
        const applicant = applicants[partnerId];
        if (!applicant) throw new Error(`no applicant for ${partnerId}`);
        return applicant;
      },
      recordStageChange: async () => ({ recorded: true }),
      sendPartnerEmail: async (request) => {
        emails.push(request);
        return { messageId: `msg_${emails.length}`, smtpMessageId: null, alreadySent: false };
      },
      sendOperatorEmail: async (request) => {
        emails.push(request);
        return { messageId: `msg_${emails.length}`, smtpMessageId: null, alreadySent: false };
      },
      openReviewTask: async () => ({ taskId: 'tsk_replay' }),
      recordReviewMilestone: async () => ({ recorded: true }),
      recordReviewDecision: async () => ({ recorded: true }),
      // Approved partners start the built-in onboarding drip (capture-histories-onboarding.spec.ts runs it further).
      loadOnboardingConfig: async () => ({
        config: { label: 'default', versionId: null, version: null, source: 'default' },
        document: onboardingConfigSchema.parse(DEFAULT_ONBOARDING_CONFIG),
        reason: 'program prg_replay has no onboarding config version: the built-in default drip runs',
      }),
      findOnboardingConfigToAdopt: async () => null,
      recordOnboardingProgress: async ({ entries }) => ({ recorded: entries.length }),
    };
    worker = await startCaptureWorker(env, bundle, activities);
    client = worker.client;
  });

  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });

  function start(partnerId: string, screeningConfigVersionId = 'cfg_replay') {
    return client.workflow.start(partnerLifecycleWorkflow, {
      workflowId: partnerLifecycleWorkflowId(partnerId),
      taskQueue: TASK_QUEUE,
      args: [{ partnerId, programId: 'prg_replay', screeningConfigVersionId }],
    });
  }
  const screeningOf = (partnerId: string) => client.workflow.getHandle(screeningWorkflowId(partnerId));

  it('lifecycle approved by the rules: the partner is ACTIVE and the workflow stays open', async () => {
    const parent = await start('ptn_replay_approved');
    // stage change, welcome email, onboarding config pinned, engagement policy read (turned off here:
    // capture-histories-engagement.spec.ts runs it), day-0 welcome step skipped (audited): waits for day 2
    const history = await settledHistory(parent, { activitiesCompleted: 5 });
    save(lifecycle('approved'), history);
    save(screening('approved-by-rules'), await completedHistory(screeningOf('ptn_replay_approved')));
  });

  it('lifecycle rejected by the rules: rejection email, then the workflow completes', async () => {
    const parent = await start('ptn_replay_rejected');
    save(lifecycle('rejected'), await completedHistory(parent));
    save(screening('rejected-by-rules'), await completedHistory(screeningOf('ptn_replay_rejected')));
  });

  it('screening sent to human review: waits for the decideReview update, then the partner is ACTIVE', async () => {
    const parent = await start('ptn_replay_review');
    const child = screeningOf('ptn_replay_review');
    // In flight: the child waits for an operator (with its reminder and escalation timers) after
    // loading config and application, queueing the task, and emailing the applicant and the
    // reviewers; the parent waits for the child.
    save(screening('awaiting-review'), await settledHistory(child, { activitiesCompleted: 5 }));
    save(lifecycle('awaiting-screening'), await settledHistory(parent, { activitiesCompleted: 0 }));

    await child.executeUpdate(decideReviewUpdate, { args: [{ decision: 'approve', reason: 'great fit', reviewerId: 'key_reviewer' }] });
    save(screening('approved-by-review'), await completedHistory(child)); // + the decision recorded
    save(lifecycle('approved-after-review'), await settledHistory(parent, { activitiesCompleted: 5 }));
  });

  it('review reminder, then escalation: the reviewers are reminded after 24 hours, escalated after 48', async () => {
    await start('ptn_replay_reminded');
    const child = screeningOf('ptn_replay_reminded');
    await settledHistory(child, { activitiesCompleted: 5 });
    await env.sleep('25 hours');
    save(screening('reminded'), await settledHistory(child, { activitiesCompleted: 7 })); // milestone, email
    await env.sleep('24 hours');
    save(screening('escalated'), await settledHistory(child, { activitiesCompleted: 9 }));
  });

  it('review deadline passed: the screening rejects by itself and records the decision', async () => {
    await start('ptn_replay_auto_decided', 'cfg_replay_deadline');
    const child = screeningOf('ptn_replay_auto_decided');
    await settledHistory(child, { activitiesCompleted: 5 });
    await env.sleep('97 hours'); // past reminder, escalation and the 96-hour deadline
    save(screening('auto-decided'), await completedHistory(child));
  });
});

import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities, PartnerEmailRequest, StageChange } from '@partnerflow/activities';
import {
  lifecycleStateQuery,
  onboardingStateQuery,
  partnerLifecycleWorkflowId,
  reviewDecisionSignal,
  screeningWorkflowId,
  type ApplicationUnderScreening,
  type ScreeningConfig,
} from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { testApplicant } from '../../test/support/applicants';
import { partnerLifecycleWorkflow } from './partner-lifecycle.workflow';
import { engagementStubs } from './lifecycle-engagement.test-stubs';

const config: ScreeningConfig = {
  rules: [
    { type: 'blocked_email_domains', domains: ['mailinator.com'], outcome: 'reject' },
    { type: 'min_audience', min: 1000, outcome: 'review' },
  ],
  whenAllRulesPass: 'approve',
};

const application = testApplicant;

// Each test drives a worker on the time-skipping server; in a full run beside the e2e stacks one
// took over a minute on the 2-core machine (8 s for the whole file when alone), so they get three.
jest.setTimeout(180_000);

/** Activity stubs that record what the workflow asked for. */
function stubActivities(applicant: ApplicationUnderScreening) {
  const stageChanges: StageChange[] = [];
  const emails: PartnerEmailRequest[] = [];
  const activities: Partial<Activities> = {
    ...engagementStubs().activities, // (engagement turned off, so no engagement timers: lifecycle-engagement.workflow.spec.ts tests them)
    loadScreeningConfig: async () => ({ version: 3, config }),
    loadApplicationForScreening: async () => applicant,
    recordStageChange: async (change) => {
      stageChanges.push(change);
      return { recorded: true };
    },
    sendPartnerEmail: async (request) => {
      emails.push(request);
      return { messageId: `msg_${emails.length}`, smtpMessageId: null, alreadySent: false };
    },
    // The review's task queue (screening.workflow.spec.ts tests it).
    openReviewTask: async () => ({ taskId: 'tsk_test' }),
    recordReviewMilestone: async () => ({ recorded: true }),
    recordReviewDecision: async () => ({ recorded: true }),
    // An empty onboarding drip (onboarding-drip.workflow.spec.ts tests the drip).
    loadOnboardingConfig: async () => ({
      config: { label: 'v1', versionId: 'cfg_onboarding', version: 1, source: 'program' },
      document: { steps: [] },
      reason: 'current version',
    }),
    findOnboardingConfigToAdopt: async () => null,
    recordOnboardingProgress: async ({ entries }) => ({ recorded: entries.length }),
  };
  return { activities: activities as Activities, stageChanges, emails };
}

describe('partnerLifecycleWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function runWith(
    applicant: ApplicationUnderScreening,
    drive: (partnerId: string, stubs: ReturnType<typeof stubActivities>) => Promise<void>,
  ) {
    const stubs = stubActivities(applicant);
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: stubs.activities,
    });
    const partnerId = `ptn_${randomUUID()}`;
    await worker.runUntil(async () => {
      await env.client.workflow.start(partnerLifecycleWorkflow, {
        workflowId: partnerLifecycleWorkflowId(partnerId),
        taskQueue,
        args: [{ partnerId, programId: 'prg_test', screeningConfigVersionId: 'cfg_test' }],
      });
      await drive(partnerId, stubs);
    });
    return stubs;
  }

  it('approves a complete application, moves the partner to ACTIVE and sends the welcome email', async () => {
    const { stageChanges, emails } = await runWith(application(), async (partnerId) => {
      const handle = env.client.workflow.getHandle(partnerLifecycleWorkflowId(partnerId));
      await waitFor(async () => (await handle.query(lifecycleStateQuery)).stage === 'ACTIVE');
      // (and until the drip is done: an activity left scheduled when this test's worker stops
      // would hold the shared test server's clock, and a later test's sleep would never end)
      await waitFor(async () => (await handle.query(onboardingStateQuery)).status === 'finished');
    });
    expect(stageChanges).toEqual([
      expect.objectContaining({ from: 'APPLIED', to: 'ACTIVE', reason: 'all screening rules passed', step: 'screening-approved' }),
    ]);
    expect(emails.map((email) => [email.template, email.step])).toEqual([['partner.welcome', 'welcome-email']]);
  });

  it('runs the onboarding drip after approval and stays open', async () => {
    await runWith(application(), async (partnerId) => {
      const handle = env.client.workflow.getHandle(partnerLifecycleWorkflowId(partnerId));
      await waitFor(async () => (await handle.query(onboardingStateQuery)).status === 'finished');
      expect(await handle.query(onboardingStateQuery)).toMatchObject({
        config: { label: 'v1', versionId: 'cfg_onboarding' },
        configChanges: [{ how: 'pinned', reason: 'current version' }],
        steps: [{ id: 'approval:welcome-email', status: 'sent' }],
      });
      expect((await handle.describe()).status.name).toBe('RUNNING');
    });
  });

  it('rejects a blocked email domain with the reason, sends the rejection email and completes', async () => {
    let result: unknown = 'not completed';
    const { stageChanges, emails } = await runWith(application({ email: 'x@mailinator.com' }), async (partnerId) => {
      const handle = env.client.workflow.getHandle(partnerLifecycleWorkflowId(partnerId));
      result = await handle.result();
      expect(await handle.query(onboardingStateQuery)).toMatchObject({ status: 'not_applicable', reason: 'the application was rejected' });
    });
    expect(result).toBeUndefined();
    expect(stageChanges).toEqual([
      expect.objectContaining({ from: 'APPLIED', to: 'REJECTED', reason: 'email domain mailinator.com is blocked' }),
    ]);
    expect(emails).toEqual([
      expect.objectContaining({ template: 'partner.rejected', variables: { reason: 'email domain mailinator.com is blocked' } }),
    ]);
  });

  it('waits in human review until an operator decides, then follows the decision', async () => {
    const { stageChanges, emails } = await runWith(application({ audienceSize: 10 }), async (partnerId, stubs) => {
      const screening = env.client.workflow.getHandle(screeningWorkflowId(partnerId));
      await waitFor(async () => stubs.emails.length === 1);
      // Days pass without a decision: nothing moves.
      await env.sleep('3 days');
      expect(stubs.stageChanges).toEqual([]);
      await screening.signal(reviewDecisionSignal, { decision: 'approve', reason: 'great fit', reviewerId: 'key_reviewer' });
      const lifecycle = env.client.workflow.getHandle(partnerLifecycleWorkflowId(partnerId));
      await waitFor(async () => (await lifecycle.query(onboardingStateQuery)).status === 'finished');
      expect((await lifecycle.query(lifecycleStateQuery)).stage).toBe('ACTIVE');
    });
    expect(emails.map((email) => email.template)).toEqual(['partner.under_review', 'partner.welcome']);
    expect(stageChanges).toEqual([expect.objectContaining({ to: 'ACTIVE', reason: 'great fit' })]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

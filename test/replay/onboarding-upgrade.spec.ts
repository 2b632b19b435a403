// Lifecycles started before the onboarding drip was deployed, handed to a worker with the current
// bundle (which replays their history to continue — as after a deploy): one approved before the
// deploy goes on exactly as it was, without a drip; one still in review gets the drip once approved.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '@partnerflow/activities';
import {
  decideReviewUpdate,
  onboardingConfigSchema,
  onboardingStateQuery,
  partnerActivitySignal,
  partnerLifecycleWorkflowId,
  screeningConfigSchema,
  screeningWorkflowId,
} from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { testApplicant } from '../support/applicants';
import { bundleWorkflowsAt } from './support';
import { engagementStubs } from '../../workflows/src/lifecycle-engagement.test-stubs';

describe('lifecycles from before the onboarding drip, continued by the current code', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const calls = { emails: [] as string[], onboarding: [] as string[] };
  const activities: Partial<Activities> = {
    ...engagementStubs().activities, // (engagement turned off, so no engagement timers: lifecycle-engagement.workflow.spec.ts tests them)
    // Small audiences go to review; the rest are approved by the rules.
    loadScreeningConfig: async () => ({ version: 1, config: screeningConfigSchema.parse({ rules: [{ type: 'min_audience', min: 1000, outcome: 'review' }] }) }),
    loadApplicationForScreening: async (partnerId) => testApplicant({ audienceSize: partnerId.startsWith('ptn_review') ? 10 : 5000 }),
    recordStageChange: async () => ({ recorded: true }),
    sendPartnerEmail: async ({ partnerId, template }) => {
      calls.emails.push(`${partnerId.split('_')[1]}:${template}`);
      return { messageId: 'msg_1', smtpMessageId: null, alreadySent: false };
    },
    openReviewTask: async () => ({ taskId: 'tsk_1' }),
    recordReviewMilestone: async () => ({ recorded: true }),
    recordReviewDecision: async () => ({ recorded: true }),
    loadOnboardingConfig: async () => {
      calls.onboarding.push('loadOnboardingConfig');
      const document = onboardingConfigSchema.parse({ steps: [{ type: 'email', template: 'onboarding.top_pages', afterDays: 2 }] });
      return { config: { label: 'v1', versionId: 'cfg_1', version: 1, source: 'program' }, document, reason: 'current version' };
    },
    findOnboardingConfigToAdopt: async () => null,
    recordOnboardingProgress: async ({ entries }) => {
      calls.onboarding.push('recordOnboardingProgress');
      return { recorded: entries.length };
    },
  };

  it('keeps an approved partner as it was (activity signals still recorded) and gives a partner approved later the drip', async () => {
    const taskQueue = `upgrade-${randomUUID()}`;
    const approved = env.client.workflow.getHandle(partnerLifecycleWorkflowId(`ptn_approved_${randomUUID()}`));
    const inReview = env.client.workflow.getHandle(partnerLifecycleWorkflowId(`ptn_review_${randomUUID()}`));
    const start = (workflowId: string) =>
      env.client.workflow.start('partnerLifecycleWorkflow', {
        workflowId,
        taskQueue,
        args: [{ partnerId: workflowId.replace(/^partner-/, ''), programId: 'prg_test', screeningConfigVersionId: 'cfg_test' }],
      });

    const before = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsAt(path.join(__dirname, 'fixtures', 'lifecycle-before-onboarding-drip.workflows.ts')),
      activities: activities as Activities,
      maxCachedWorkflows: 0, // no sticky cache: the next worker picks the executions up at once
    });
    await before.runUntil(async () => {
      await start(approved.workflowId);
      await start(inReview.workflowId);
      await waitFor(async () => calls.emails.length === 2); // a welcome, an under-review notice
      await waitFor(async () => (await approved.describe()).raw.pendingActivities?.length === 0);
    });

    const current = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: activities as Activities });
    await current.runUntil(async () => {
      await approved.signal(partnerActivitySignal, { event: 'first_click', at: '2026-01-02T00:00:00.000Z', sourceId: 'clk_1' });
      await waitFor(async () => (await approved.query(onboardingStateQuery)).activity.first_click !== undefined);
      expect(await approved.query(onboardingStateQuery)).toMatchObject({ status: 'not_applicable', reason: 'approved before the onboarding drip existed', steps: [] });
      expect(calls.onboarding).toEqual([]);

      await env.client.workflow
        .getHandle(screeningWorkflowId(inReview.workflowId.replace(/^partner-/, '')))
        .executeUpdate(decideReviewUpdate, { args: [{ decision: 'approve', reason: 'great fit', reviewerId: 'key_reviewer' }] });
      await waitFor(async () => (await inReview.query(onboardingStateQuery)).status === 'running');
      await env.sleep('3 days');
      await waitFor(async () => (await inReview.query(onboardingStateQuery)).status === 'finished');
      expect((await approved.describe()).status.name).toBe('RUNNING');
    });
    const emailsOf = (who: string) => calls.emails.filter((email) => email.startsWith(`${who}:`));
    expect(emailsOf('approved')).toEqual(['approved:partner.welcome']);
    expect(emailsOf('review')).toEqual(['review:partner.under_review', 'review:partner.welcome', 'review:onboarding.top_pages']);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

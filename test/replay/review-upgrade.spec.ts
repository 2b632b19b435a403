// A screening that was waiting in human review when the review reminders were deployed (its
// history has no `screening-review-reminders` marker) must go on under the current code: started
// by the code of that time on one worker, then handed to a worker with the current bundle, which
// has to replay its history to continue — as after a deploy.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities, ReviewDecisionRecord } from '@partnerflow/activities';
import { decideReviewUpdate, screeningWorkflowId, type ScreeningConfig } from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { bundleWorkflowsAt } from './support';

const config: ScreeningConfig = {
  rules: [{ type: 'min_audience', min: 1000, outcome: 'review' }],
  whenAllRulesPass: 'approve',
  review: { reviewerEmails: ['reviewer@acme.test'], remindAfterHours: 1, escalateAfterHours: 2, escalationEmails: [], onDeadline: 'keep_waiting' },
};

describe('a screening waiting in review from before the reminders, continued by the current code', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('gets no timers or reviewer emails, accepts the decideReview update and records the decision', async () => {
    const calls = { partnerEmails: 0, newActivities: [] as string[], decisions: [] as ReviewDecisionRecord[] };
    const activities: Partial<Activities> = {
      loadScreeningConfig: async () => ({ version: 1, config }),
      loadApplicationForScreening: async () => ({
        name: 'Ada', email: 'ada@example.com', country: 'DE', website: null, channels: ['x'], audienceSize: 10, partnerType: 'content',
      }),
      sendPartnerEmail: async () => {
        calls.partnerEmails += 1;
        return { messageId: 'msg_1', smtpMessageId: null, alreadySent: false };
      },
      openReviewTask: async () => {
        calls.newActivities.push('openReviewTask');
        return { taskId: 'tsk_1' };
      },
      recordReviewMilestone: async () => {
        calls.newActivities.push('recordReviewMilestone');
        return { recorded: true };
      },
      sendOperatorEmail: async () => {
        calls.newActivities.push('sendOperatorEmail');
        return { messageId: 'msg_2', smtpMessageId: null, alreadySent: false };
      },
      recordReviewDecision: async (record) => {
        calls.decisions.push(record);
        return { recorded: true };
      },
    };
    const taskQueue = `upgrade-${randomUUID()}`;
    const partnerId = `ptn_${randomUUID()}`;
    const handle = env.client.workflow.getHandle(screeningWorkflowId(partnerId));

    const before = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsAt(path.join(__dirname, 'fixtures', 'screening-before-review-reminders.workflows.ts')),
      activities: activities as Activities,
      maxCachedWorkflows: 0, // no sticky cache: the next worker picks the execution up at once
    });
    await before.runUntil(async () => {
      await env.client.workflow.start('screeningWorkflow', {
        workflowId: handle.workflowId,
        taskQueue,
        args: [{ partnerId, programId: 'prg_test', screeningConfigVersionId: 'cfg_test' }],
      });
      await waitFor(async () => calls.partnerEmails === 1 && (await handle.describe()).raw.pendingActivities?.length === 0);
    });

    const current = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: activities as Activities,
    });
    await current.runUntil(async () => {
      await env.sleep('5 hours'); // past the config's reminder and escalation: nothing happens
      const accepted = await handle.executeUpdate(decideReviewUpdate, {
        args: [{ decision: 'approve', reason: 'great fit', reviewerId: 'key_reviewer' }],
      });
      expect(accepted).toEqual({ decision: 'approve', reason: 'great fit', decidedBy: 'key_reviewer' });
      expect(await handle.result()).toMatchObject({ decision: 'approve', reason: 'great fit', decidedBy: 'key_reviewer' });
    });
    expect(calls.newActivities).toEqual([]);
    expect(calls.decisions).toEqual([expect.objectContaining({ decision: 'approve', reviewerId: 'key_reviewer', partnerId })]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

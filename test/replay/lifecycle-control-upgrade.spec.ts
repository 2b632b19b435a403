// A lifecycle approved by the code from before the onboarding drip (and before stages, pause and
// termination), handed to a worker with the current bundle, which replays its history to go on
// — as after a deploy: the partner becomes PRODUCING on its first conversion, can be paused and
// terminated, and the lifecycle ends with the wind-down.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  lifecycleStateQuery,
  partnerActivitySignal,
  partnerLifecycleWorkflowId,
  pausePartnerUpdate,
  terminatePartnerUpdate,
} from '@partnerflow/domain';
import { lifecycleStubs } from '../../workflows/src/lifecycle.test-stubs';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { bundleWorkflowsAt } from './support';

describe('a lifecycle from before stages, pause and termination, continued by the current code', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('moves to PRODUCING, pauses, and terminates for fraud through to the end of the wind-down', async () => {
    const stubs = lifecycleStubs({ termination: { dataRetentionDays: 0 } });
    const taskQueue = `upgrade-${randomUUID()}`;
    const partnerId = `ptn_upgrade_${randomUUID()}`;
    const handle = env.client.workflow.getHandle(partnerLifecycleWorkflowId(partnerId));

    const before = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsAt(path.join(__dirname, 'fixtures', 'lifecycle-before-onboarding-drip.workflows.ts')),
      activities: stubs.activities,
      maxCachedWorkflows: 0, // no sticky cache: the next worker picks the execution up at once
    });
    await before.runUntil(async () => {
      await env.client.workflow.start('partnerLifecycleWorkflow', {
        workflowId: handle.workflowId,
        taskQueue,
        args: [{ partnerId, programId: 'prg_test', screeningConfigVersionId: 'cfg_test' }],
      });
      await waitFor(async () => stubs.log.includes('email partner.welcome') && (await handle.describe()).raw.pendingActivities?.length === 0);
    });

    const current = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs.activities });
    await current.runUntil(async () => {
      await handle.signal(partnerActivitySignal, { event: 'first_conversion', at: '2026-01-05T00:00:00.000Z', sourceId: 'cnv_1' });
      await waitFor(async () => (await handle.query(lifecycleStateQuery)).stage === 'PRODUCING');
      await handle.executeUpdate(pausePartnerUpdate, { args: [{ reason: 'suspicious', operatorId: 'key_manager' }] });
      await handle.executeUpdate(terminatePartnerUpdate, { args: [{ reason: 'stolen cookies', category: 'fraud', operatorId: 'key_manager' }] });
      await handle.result();
    });
    expect(stubs.log).toEqual([
      'stage APPLIED→ACTIVE',
      'email partner.welcome',
      'stage ACTIVE→PRODUCING',
      'stage PRODUCING→PAUSED',
      'termination scheduled fraud',
      'stage PAUSED→TERMINATED',
      'forfeit',
      'email termination.final_statement',
      'anonymise',
    ]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  LIFECYCLE_CONTROL_REFUSED,
  lifecycleControlQuery,
  lifecycleStateQuery,
  onboardingStateQuery,
  partnerActivitySignal,
  partnerLifecycleWorkflowId,
  pausePartnerUpdate,
  resumePartnerUpdate,
  terminatePartnerUpdate,
} from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { lifecycleStubs, type LifecycleScript, type LifecycleStubs } from './lifecycle.test-stubs';
import { partnerLifecycleWorkflow } from './partner-lifecycle.workflow';

const operator = (reason: string) => ({ reason, operatorId: 'key_manager' });
const DRIP = [
  { type: 'email', template: 'onboarding.top_pages', afterDays: 2 },
  { type: 'email', template: 'onboarding.webinar', afterDays: 5 },
];

describe('partnerLifecycleWorkflow: stages, pause and resume', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function runLifecycle(script: LifecycleScript, drive: (handle: WorkflowHandle<typeof partnerLifecycleWorkflow>, stubs: LifecycleStubs) => Promise<void>) {
    const stubs = lifecycleStubs(script);
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs.activities });
    const partnerId = `ptn_${randomUUID()}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(partnerLifecycleWorkflow, {
        workflowId: partnerLifecycleWorkflowId(partnerId),
        taskQueue,
        args: [{ partnerId, programId: 'prg_test', screeningConfigVersionId: 'cfg_screening' }],
      });
      await drive(handle, stubs);
    });
    return stubs;
  }
  const stageOf = async (handle: WorkflowHandle) => (await handle.query(lifecycleStateQuery)).stage;
  const refusal = async (attempt: Promise<unknown>) => {
    const error = await attempt.then(() => undefined, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as { type?: string; message: string };
    expect(cause.type).toBe(LIFECYCLE_CONTROL_REFUSED);
    return cause.message;
  };

  it('holds the drip while paused and continues it on resume, back in the stage it was paused from', async () => {
    const stubs = await runLifecycle({ drip: DRIP }, async (handle, stubs) => {
      await waitFor(async () => (await handle.query(onboardingStateQuery)).status === 'running');
      await env.sleep('1 day');
      const paused = await handle.executeUpdate(pausePartnerUpdate, { args: [operator('checking traffic quality')] });
      expect(paused).toMatchObject({ from: 'ACTIVE', to: 'PAUSED', reason: 'checking traffic quality', by: 'key_manager' });
      expect(await refusal(handle.executeUpdate(pausePartnerUpdate, { args: [operator('again')] }))).toBe('the partner is already paused');

      await env.sleep('7 days'); // both steps fall due in the pause
      expect(stubs.log.filter((entry) => entry.startsWith('email'))).toEqual(['email partner.welcome']);
      expect(await handle.query(lifecycleControlQuery)).toMatchObject({ stage: 'PAUSED', pause: { from: 'ACTIVE', reason: 'checking traffic quality', by: 'key_manager' } });

      const resumed = await handle.executeUpdate(resumePartnerUpdate, { args: [operator('traffic is fine')] });
      expect(resumed).toMatchObject({ from: 'PAUSED', to: 'ACTIVE' });
      await waitFor(async () => (await handle.query(onboardingStateQuery)).status === 'finished');
      expect(await refusal(handle.executeUpdate(resumePartnerUpdate, { args: [operator('again')] }))).toBe('the partner is ACTIVE, not paused');
    });
    expect(stubs.log).toEqual([
      'stage APPLIED→ACTIVE',
      'email partner.welcome',
      'stage ACTIVE→PAUSED',
      'stage PAUSED→ACTIVE',
      'email onboarding.top_pages',
      'email onboarding.webinar',
    ]);
    expect(stubs.stages.slice(1)).toEqual([
      { from: 'ACTIVE', to: 'PAUSED', reason: 'checking traffic quality', step: 'paused-1', by: 'operator:key_manager' },
      { from: 'PAUSED', to: 'ACTIVE', reason: 'traffic is fine', step: 'resumed-1', by: 'operator:key_manager' },
    ]);
  });

  it('moves ACTIVE → PRODUCING on the first conversion; a pause returns to PRODUCING', async () => {
    const stubs = await runLifecycle({}, async (handle) => {
      await waitFor(async () => (await stageOf(handle)) === 'ACTIVE');
      await handle.signal(partnerActivitySignal, { event: 'first_click', at: '2026-01-02T10:00:00.000Z', sourceId: 'clk_1' });
      await handle.signal(partnerActivitySignal, { event: 'first_conversion', at: '2026-01-03T10:00:00.000Z', sourceId: 'cnv_1' });
      await waitFor(async () => (await stageOf(handle)) === 'PRODUCING');
      await handle.executeUpdate(pausePartnerUpdate, { args: [operator('holiday')] });
      expect(await handle.executeUpdate(resumePartnerUpdate, { args: [operator('back')] })).toMatchObject({ to: 'PRODUCING' });
    });
    expect(stubs.stages.map((change) => [change.to, change.by])).toEqual([
      ['ACTIVE', 'workflow'],
      ['PRODUCING', 'workflow'],
      ['PAUSED', 'operator:key_manager'],
      ['PRODUCING', 'operator:key_manager'],
    ]);
    expect(stubs.stages[1]).toMatchObject({ reason: 'first referral: conversion cnv_1 at 2026-01-03T10:00:00.000Z', step: 'first-referral' });
  });

  it('refuses to pause or terminate an application still in screening, without a trace', async () => {
    const stubs = await runLifecycle({ audienceSize: 10 }, async (handle, stubs) => {
      await waitFor(async () => stubs.log.length === 0 && (await handle.describe()).status.name === 'RUNNING');
      await env.sleep('1 hour');
      expect(await refusal(handle.executeUpdate(pausePartnerUpdate, { args: [operator('no')] }))).toBe(
        'a APPLIED partner cannot be paused (only ACTIVE, PRODUCING, CONSISTENT, AT_RISK)',
      );
      expect(await refusal(handle.executeUpdate(terminatePartnerUpdate, { args: [{ ...operator('no'), category: 'policy' }] }))).toContain(
        'the application is still being screened',
      );
      expect(await refusal(handle.executeUpdate(pausePartnerUpdate, { args: [{ reason: '', operatorId: 'key_manager' }] }))).toContain('the request is invalid');
    });
    expect(stubs.stages).toEqual([]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

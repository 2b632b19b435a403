import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { engagementStateQuery, partnerLifecycleWorkflowId, type EngagementState, type PartnerLifecycleInput } from '@partnerflow/domain';
import { untilIdle, workflowBundle } from '../../test/support/temporal';
import { waitFor } from './lifecycle-engagement.test-stubs';
import { lifecycleStubs, type LifecycleScript, type LifecycleStubs } from './lifecycle.test-stubs';
import { partnerLifecycleWorkflow } from './partner-lifecycle.workflow';

export type LifecycleHandle = WorkflowHandle<typeof partnerLifecycleWorkflow>;

/**
 * Starts an approved partner's lifecycle on the time-skipping server with the stubs of `script`,
 * waits until its engagement watch runs, hands it to `drive`, and terminates it (and its cycle
 * child) afterwards. For the engagement specs.
 */
export async function runEngagedPartner(
  env: TestWorkflowEnvironment,
  script: LifecycleScript & { input?: Partial<PartnerLifecycleInput> },
  drive: (handle: LifecycleHandle, stubs: LifecycleStubs, partnerId: string) => Promise<void>,
): Promise<LifecycleStubs> {
  const stubs = lifecycleStubs({ managers: ['manager@test.example'], ...script });
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs.activities });
  const partnerId = `ptn_${randomUUID()}`;
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(partnerLifecycleWorkflow, {
      workflowId: partnerLifecycleWorkflowId(partnerId),
      taskQueue,
      args: [{ partnerId, programId: 'prg_test', screeningConfigVersionId: 'cfg_screening', ...script.input }],
    });
    await untilEngagement(handle, (state) => state.status === 'watching');
    await drive(handle, stubs, partnerId);
    // Its timers must not fire in later tests, where no worker polls this queue (time would stop skipping).
    await handle.terminate('the test is over');
  });
  return stubs;
}

/** Waits until the engagement state satisfies `check`, and answers it. */
export async function untilEngagement(handle: Pick<LifecycleHandle, 'query'>, check: (state: EngagementState) => boolean): Promise<EngagementState> {
  let state: EngagementState | undefined;
  await waitFor(async () => {
    state = await handle.query(engagementStateQuery);
    return check(state);
  });
  return state!;
}

/**
 * Like untilEngagement, for a lifecycle that may continue as new: each query waits until the run
 * is idle, since the time-skipping server never answers one that meets a run continuing as new.
 */
export async function untilIdleEngagement(handle: LifecycleHandle, check: (state: EngagementState) => boolean): Promise<EngagementState> {
  for (let tries = 0; ; tries += 1) {
    await untilIdle(handle);
    const state = await handle.query(engagementStateQuery);
    if (check(state)) return state;
    if (tries > 100) throw new Error(`${handle.workflowId}: the engagement state never got there`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The log without approval's lines: what the engagement did. */
export const afterApproval = (stubs: LifecycleStubs) => stubs.log.filter((line) => line !== 'stage APPLIED→ACTIVE' && line !== 'email partner.welcome');

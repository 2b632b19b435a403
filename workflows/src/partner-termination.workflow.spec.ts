import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  lifecycleControlQuery,
  lifecycleStateQuery,
  onboardingStateQuery,
  partnerLifecycleWorkflowId,
  partnerTerminationWorkflowId,
  pausePartnerUpdate,
  terminatePartnerUpdate,
  terminationWindDownQuery,
  type TerminationCategory,
  type TerminationCommand,
} from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { lifecycleStubs, type LifecycleScript, type LifecycleStubs } from './lifecycle.test-stubs';
import { partnerLifecycleWorkflow } from './partner-lifecycle.workflow';

const DRIP = [{ type: 'email', template: 'onboarding.webinar', afterDays: 7 }];
const terminate = (category: TerminationCategory, reason: string, effectiveAt?: string): { args: [TerminationCommand] } => ({
  args: [{ reason, category, operatorId: 'key_manager', ...(effectiveAt ? { effectiveAt } : {}) }],
});

describe('termination wind-down (partnerLifecycleWorkflow → partnerTerminationWorkflow)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function runActivePartner(script: LifecycleScript, drive: (handle: WorkflowHandle<typeof partnerLifecycleWorkflow>, partnerId: string, stubs: LifecycleStubs) => Promise<void>) {
    const stubs = lifecycleStubs({ drip: DRIP, ...script });
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs.activities });
    const partnerId = `ptn_${randomUUID()}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(partnerLifecycleWorkflow, {
        workflowId: partnerLifecycleWorkflowId(partnerId),
        taskQueue,
        args: [{ partnerId, programId: 'prg_test', screeningConfigVersionId: 'cfg_screening' }],
      });
      await waitFor(async () => (await handle.query(onboardingStateQuery)).status === 'running');
      await drive(handle, partnerId, stubs);
    });
    return stubs;
  }
  const windDownOf = (partnerId: string) => env.client.workflow.getHandle(partnerTerminationWorkflowId(partnerId));

  it('without fraud: TERMINATED at once, the drip stops, commissions kept, final statement, data anonymised after the retention period', async () => {
    const stubs = await runActivePartner({}, async (handle, partnerId, stubs) => {
      const scheduled = await handle.executeUpdate(terminatePartnerUpdate, terminate('policy', 'brand bidding'));
      expect(scheduled).toMatchObject({ category: 'policy', requestedBy: 'key_manager', windDownWorkflowId: partnerTerminationWorkflowId(partnerId) });
      expect(scheduled.effectiveAt).toBe(scheduled.requestedAt);
      expect(await handle.query(lifecycleStateQuery)).toMatchObject({ stage: 'TERMINATED' });
      await waitFor(async () => (await handle.query(onboardingStateQuery)).status === 'stopped');

      const windDown = windDownOf(partnerId);
      await waitFor(async () => (await windDown.query(terminationWindDownQuery))?.status === 'retaining_data');
      expect(await windDown.query(terminationWindDownQuery)).toMatchObject({
        config: { versionId: 'cfg_termination', version: 2, dataRetentionDays: 30 },
        commissions: { forfeit: false, result: null },
        finalStatement: { messageId: 'msg_final-statement', balanceSummary: 'approved (to be paid): 30.00 EUR' },
      });
      await env.sleep('29 days');
      expect(stubs.log).not.toContain('anonymise');
      await handle.result(); // the lifecycle ends with its wind-down, on day 30
      expect((await windDown.query(terminationWindDownQuery))?.status).toBe('finished');
      expect((await handle.query(lifecycleControlQuery)).windDown).toBe('finished');
    });
    expect(stubs.log).toEqual(['stage APPLIED→ACTIVE', 'email partner.welcome', 'termination scheduled policy', 'stage ACTIVE→TERMINATED', 'email termination.final_statement', 'anonymise']);
    expect(stubs.stages[1]).toEqual({ from: 'ACTIVE', to: 'TERMINATED', reason: 'policy: brand bidding', step: 'terminated', by: 'operator:key_manager' });
    expect(stubs.forfeitures).toEqual([]);
    expect(stubs.emails.at(-1)).toMatchObject({
      template: 'termination.final_statement',
      step: 'final-statement',
      variables: { balanceSummary: 'approved (to be paid): 30.00 EUR', settlement: expect.stringContaining('finish their hold and are paid') },
    });
  });

  it('for fraud: forfeits the unpaid commissions with the reason, and says so in the final statement', async () => {
    const stubs = await runActivePartner({ termination: { dataRetentionDays: 0 } }, async (handle) => {
      await handle.executeUpdate(pausePartnerUpdate, { args: [{ reason: 'suspicious', operatorId: 'key_manager' }] });
      await handle.executeUpdate(terminatePartnerUpdate, terminate('fraud', 'stolen cookies'));
      await handle.result();
    });
    expect(stubs.log).toEqual([
      'stage APPLIED→ACTIVE',
      'email partner.welcome',
      'stage ACTIVE→PAUSED',
      'termination scheduled fraud',
      'stage PAUSED→TERMINATED',
      'forfeit',
      'email termination.final_statement',
      'anonymise',
    ]);
    expect(stubs.forfeitures).toEqual([expect.objectContaining({ reason: 'stolen cookies', decidedBy: 'key_manager' })]);
    expect(stubs.emails.at(-1)?.variables?.settlement).toBe('Your 2 unpaid commission(s) were forfeited, as the partnership ended for fraud: stolen cookies.');
  });

  it('a termination scheduled ahead keeps the stage until then and refuses a pause meanwhile', async () => {
    const stubs = await runActivePartner({ termination: { dataRetentionDays: 0 } }, async (handle) => {
      const effectiveAt = new Date((await env.currentTimeMs()) + 3 * 24 * 3_600_000).toISOString();
      const scheduled = await handle.executeUpdate(terminatePartnerUpdate, terminate('inactivity', 'no traffic', effectiveAt));
      expect(scheduled.effectiveAt).toBe(effectiveAt);
      expect(await handle.query(lifecycleControlQuery)).toMatchObject({ stage: 'ACTIVE', termination: { category: 'inactivity', effectiveAt } });
      await expect(handle.executeUpdate(pausePartnerUpdate, { args: [{ reason: 'x', operatorId: 'key_manager' }] })).rejects.toThrow();
      await expect(handle.executeUpdate(terminatePartnerUpdate, terminate('fraud', 'again'))).rejects.toThrow();
      await handle.result();
    });
    expect(stubs.log).toEqual(['stage APPLIED→ACTIVE', 'email partner.welcome', 'termination scheduled inactivity', 'stage ACTIVE→TERMINATED', 'email termination.final_statement', 'anonymise']);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

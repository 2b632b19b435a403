import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  engagementStateQuery,
  lifecycleControlQuery,
  lifecycleStateQuery,
  onboardingStateQuery,
  partnerActivitySignal,
  pausePartnerUpdate,
  resumePartnerUpdate,
} from '@partnerflow/domain';
import { createTimeSkippingEnvironment, untilIdle } from '../../test/support/temporal';
import { afterApproval, runEngagedPartner, untilIdleEngagement } from './lifecycle-engagement-harness.test';

const operator = (reason: string) => ({ args: [{ reason, operatorId: 'key_manager' }] as [{ reason: string; operatorId: string }] });

/** Months of workflow time pass in seconds, but the shared 2-core machine can be slow. */
const TEST_TIMEOUT_MS = 300_000;

describe('partnerLifecycleWorkflow: continue-as-new', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('continues as new when its history grows, carrying stage, tier, drip, activity and counters over', async () => {
    const policy = {
      inactivityDays: 365,
      steps: [{ type: 'performance_snapshot' as const, afterDays: 0 }],
      outcome: 'at_risk' as const,
      tiers: { measure: 'conversions' as const, levels: [{ name: 'bronze', minimum: '0' }, { name: 'silver', minimum: '5' }] },
    };
    const stubs = await runEngagedPartner(env, { engagement: { policy }, input: { historyEventsPerRun: 80 } }, async (handle, stubs) => {
      await handle.executeUpdate(pausePartnerUpdate, operator('checking'));
      await handle.executeUpdate(resumePartnerUpdate, operator('fine'));
      stubs.engagement.partner.anyPeriod = { conversions: 6 };
      await handle.signal(partnerActivitySignal, { event: 'conversion', at: new Date(await env.currentTimeMs()).toISOString(), sourceId: 'cnv_1' });
      await untilIdleEngagement(handle, (s) => s.tier.name === 'silver');
      const firstRun = (await handle.describe()).runId;

      // Clicks the api reports: each is a signal in the history, until the run is full.
      let clicks = 0;
      while ((await handle.describe()).runId === firstRun) {
        clicks += 1;
        if (clicks > 40) throw new Error('the lifecycle never continued as new');
        await handle.signal(partnerActivitySignal, { event: 'click', at: new Date((await env.currentTimeMs()) + clicks).toISOString(), sourceId: `clk_${clicks}` });
        await untilIdle(handle);
      }
      await untilIdle(handle);

      const engagement = await handle.query(engagementStateQuery);
      expect(engagement.run).toBeGreaterThanOrEqual(2);
      expect(engagement).toMatchObject({ status: 'watching', tier: { name: 'silver' }, counters: { tierChanges: 2 }, config: { label: 'v1' } });
      expect(engagement.lastActivity).toMatchObject({ kind: 'click' });
      expect(await handle.query(lifecycleStateQuery)).toMatchObject({ stage: 'ACTIVE' });
      expect((await handle.query(onboardingStateQuery)).status).toBe('finished');
      expect((await handle.describe()).memo).toMatchObject({ engagementConfigVersion: 1, onboardingConfigVersion: 1 });

      // The next run goes on: its pause is the second one, its tier change the third.
      await handle.executeUpdate(pausePartnerUpdate, operator('again'));
      await untilIdle(handle); // (a query must not meet a run continuing as new: see untilIdle)
      expect(await handle.query(lifecycleControlQuery)).toMatchObject({ stage: 'PAUSED', pause: { from: 'ACTIVE', reason: 'again' } });
      await handle.executeUpdate(resumePartnerUpdate, operator('back'));
      await untilIdle(handle);
      stubs.engagement.partner.anyPeriod = { conversions: 1 };
      await env.sleep('32 days');
      await untilIdle(handle);
      await untilIdleEngagement(handle, (s) => s.tier.name === 'bronze');
    });
    expect(stubs.stages.map((stage) => stage.step)).toEqual(['screening-approved', 'paused-1', 'resumed-1', 'paused-2', 'resumed-2']);
    expect(stubs.engagement.tierChanges.map((change) => change.step)).toEqual(['tier-1', 'tier-2', 'tier-3']);
    expect(afterApproval(stubs).filter((line) => line.startsWith('email'))).toEqual(['email tier.promoted', 'email tier.demoted']);
  }, TEST_TIMEOUT_MS);
});

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { calendarPeriodOf, lifecycleStateQuery, partnerActivitySignal, type reengagementConfigSchema } from '@partnerflow/domain';
import type { z } from 'zod';
import { createTimeSkippingEnvironment } from '../../test/support/temporal';
import { afterApproval, runEngagedPartner, untilEngagement, type LifecycleHandle } from './lifecycle-engagement-harness.test';

/** No re-engagement in the way (a year of quiet), so only the monthly evaluation and milestones act. */
const base: z.input<typeof reengagementConfigSchema> = {
  inactivityDays: 365,
  steps: [{ type: 'performance_snapshot', afterDays: 0 }],
  outcome: 'at_risk',
};
const DAY_MS = 86_400_000;

/** Months of workflow time pass in seconds, but the shared 2-core machine can be slow. */
const TEST_TIMEOUT_MS = 300_000;

describe('partnerLifecycleWorkflow: stages CONSISTENT and AT_RISK, and tiers', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  const stageOf = async (handle: LifecycleHandle) => (await handle.query(lifecycleStateQuery)).stage;
  /** Sleeps past the next `count` calendar month boundaries (UTC). */
  const sleepMonths = async (count: number) => {
    let at = await env.currentTimeMs();
    for (let i = 0; i < count; i += 1) at = calendarPeriodOf(at, 'month').endMs;
    await env.sleep(at - (await env.currentTimeMs()) + DAY_MS);
  };
  const firstConversion = async (handle: LifecycleHandle) => {
    await handle.signal(partnerActivitySignal, { event: 'first_conversion', at: new Date(await env.currentTimeMs()).toISOString(), sourceId: 'cnv_1' });
    await untilEngagement(handle, (s) => s.lastActivity?.kind === 'conversion');
  };

  it('CONSISTENT after the baseline is met three months in a row, back to PRODUCING on a month below it', async () => {
    const policy = { ...base, consistency: { months: 3, minimum: '2' } };
    const stubs = await runEngagedPartner(env, { engagement: { policy } }, async (handle, stubs) => {
      stubs.engagement.partner.anyPeriod = { conversions: 3 };
      await firstConversion(handle);
      await sleepMonths(2);
      expect(await stageOf(handle)).toBe('PRODUCING');
      expect((await untilEngagement(handle, (s) => s.consistency.streak === 2)).consistency.months.map((m) => m.baselineMet)).toEqual([true, true]);
      await sleepMonths(1);
      await untilEngagement(handle, (s) => s.consistency.streak === 3);
      expect(await stageOf(handle)).toBe('CONSISTENT');
      stubs.engagement.partner.anyPeriod = { conversions: 1 };
      await sleepMonths(1);
      await untilEngagement(handle, (s) => s.consistency.streak === 0);
      expect(await stageOf(handle)).toBe('PRODUCING');
    });
    expect(afterApproval(stubs)).toEqual(['stage ACTIVE→PRODUCING', 'stage PRODUCING→CONSISTENT', 'stage CONSISTENT→PRODUCING']);
    expect(stubs.stages[2]).toMatchObject({ step: 'consistent-1', reason: expect.stringMatching(/^baseline met 3 month\(s\) in a row \(\d{4}-\d{2}: 3 conversions, at least 2\)$/) });
    expect(stubs.stages[3]).toMatchObject({ step: 'consistency-lost-2', reason: expect.stringMatching(/^baseline missed in \d{4}-\d{2}: 1 conversion, below 2$/) });
  }, TEST_TIMEOUT_MS);

  it('promotes on a milestone and demotes at the period end, telling the partner each time', async () => {
    const policy: z.input<typeof reengagementConfigSchema> = {
      ...base,
      tiers: { measure: 'referred_revenue', currency: 'EUR', period: 'month', levels: [{ name: 'bronze', minimum: '0' }, { name: 'silver', minimum: '1000.00' }, { name: 'gold', minimum: '5000' }] },
    };
    const stubs = await runEngagedPartner(env, { engagement: { policy } }, async (handle, stubs) => {
      expect((await untilEngagement(handle, (s) => s.tier.name === 'bronze')).tier.changes[0]).toMatchObject({ direction: 'assigned' });
      stubs.engagement.partner.anyPeriod = { conversions: 4, referredRevenueMinor: '120000', currency: 'EUR' };
      await firstConversion(handle);
      await untilEngagement(handle, (s) => s.tier.name === 'silver');
      stubs.engagement.partner.anyPeriod = { conversions: 1, referredRevenueMinor: '25000', currency: 'EUR' };
      await sleepMonths(1);
      await untilEngagement(handle, (s) => s.tier.name === 'bronze');
    });
    expect(afterApproval(stubs).filter((line) => line.includes('tier'))).toEqual([
      'tier none→bronze assigned',
      'tier bronze→silver promoted',
      'email tier.promoted',
      'tier silver→bronze demoted',
      'email tier.demoted',
    ]);
    const [promoted, demoted] = stubs.emails.filter((email) => email.template.startsWith('tier.'));
    expect(promoted).toMatchObject({ step: 'tier-2-email', variables: { tier: 'silver', previousTier: 'bronze', reason: expect.stringMatching(/^\d{4}-\d{2}: 1200\.00 EUR referred revenue, reaching silver's minimum of 1000 \(so far this period\)$/) } });
    expect(demoted).toMatchObject({ step: 'tier-3-email', variables: { tier: 'bronze', previousTier: 'silver', reason: expect.stringMatching(/: 250\.00 EUR referred revenue, below silver's minimum of 1000$/) } });
  }, TEST_TIMEOUT_MS);

  it('AT_RISK for a month of flagged conversions, back after a clean month', async () => {
    const policy = { ...base, quality: { maxFlaggedPercent: 20, minConversions: 5 } };
    const stubs = await runEngagedPartner(env, { engagement: { policy } }, async (handle, stubs) => {
      await firstConversion(handle);
      stubs.engagement.partner.anyPeriod = { conversions: 10, flaggedConversions: 3 };
      await sleepMonths(1);
      expect((await untilEngagement(handle, (s) => s.atRisk !== null)).atRisk).toMatchObject({ cause: 'quality', from: 'PRODUCING' });
      stubs.engagement.partner.anyPeriod = { conversions: 10, flaggedConversions: 1 };
      await sleepMonths(1);
      await untilEngagement(handle, (s) => s.atRisk === null);
      expect(await stageOf(handle)).toBe('PRODUCING');
    });
    expect(afterApproval(stubs)).toEqual(['stage ACTIVE→PRODUCING', 'stage PRODUCING→AT_RISK', 'stage AT_RISK→PRODUCING', 'check-in tasks closed']);
    expect(stubs.stages[2].reason).toMatch(/^quality: 3 of 10 conversions in \d{4}-\d{2} carried fraud flags \(30%, more than 20%\)$/);
  }, TEST_TIMEOUT_MS);
});

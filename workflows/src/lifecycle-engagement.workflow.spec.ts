import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DEFAULT_REENGAGEMENT_CONFIG,
  lifecycleStateQuery,
  partnerActivitySignal,
  pausePartnerUpdate,
  reengagementCycleQuery,
  reengagementCycleWorkflowId,
  resumePartnerUpdate,
  type reengagementConfigSchema,
} from '@partnerflow/domain';
import type { z } from 'zod';
import { createTimeSkippingEnvironment } from '../../test/support/temporal';
import { afterApproval, runEngagedPartner, untilEngagement } from './lifecycle-engagement-harness.test';
import { waitFor } from './lifecycle-engagement.test-stubs';

/** Seed 002's recipe, the built-in default: 30 quiet days → snapshot, challenge on day 3, check-in on day 17 → AT_RISK. */
const RECIPE = DEFAULT_REENGAGEMENT_CONFIG;
const CYCLE_EMAILS = ['email reengagement.performance_snapshot', 'email reengagement.challenge', 'email reengagement.check_in'];

/** Months of workflow time pass in seconds, but the shared 2-core machine can be slow. */
const TEST_TIMEOUT_MS = 300_000;

describe('partnerLifecycleWorkflow: inactivity re-engagement', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  const nowIso = async () => new Date(await env.currentTimeMs()).toISOString();

  it('runs a whole cycle for a quiet partner, puts them AT_RISK, and back once a click shows up', async () => {
    const stubs = await runEngagedPartner(env, { engagement: { policy: RECIPE } }, async (handle, stubs, partnerId) => {
      await env.sleep('29 days');
      expect(afterApproval(stubs)).toEqual([]);
      await env.sleep('19 days'); // day 30: the cycle starts; its check-in is on day 47
      const state = await untilEngagement(handle, (s) => s.lastCycle !== null);
      expect(state.lastCycle).toMatchObject({ number: 1, workflowId: reengagementCycleWorkflowId(partnerId, 1), outcome: 'still_inactive', consequence: 'AT_RISK' });
      expect(state.atRisk).toMatchObject({ from: 'ACTIVE', cause: 'inactivity' });
      expect(afterApproval(stubs)).toEqual([...CYCLE_EMAILS, 'check-in task', 'operator email operator.reengagement_check_in', 'stage ACTIVE→AT_RISK']);

      const cycle = await env.client.workflow.getHandle(reengagementCycleWorkflowId(partnerId, 1)).query(reengagementCycleQuery);
      expect(cycle.steps.map((step) => [step.type, step.status])).toEqual([['performance_snapshot', 'sent'], ['challenge', 'sent'], ['check_in', 'sent']]);
      expect(Date.parse(cycle.steps[2].settledAt!) - Date.parse(cycle.startedAt)).toBeGreaterThanOrEqual(17 * 86_400_000);

      // A click shows up in the database; the daily check while AT_RISK finds it.
      stubs.engagement.partner.lastActivity = { at: await nowIso(), kind: 'click', sourceId: 'clk_back', seenBy: 'database' };
      await env.sleep('25 hours');
      await untilEngagement(handle, (s) => s.atRisk === null);
      expect((await handle.query(lifecycleStateQuery)).stage).toBe('ACTIVE');
    });
    const emails = stubs.emails.filter((email) => email.template.startsWith('reengagement.'));
    expect(emails.map((email) => [email.workflowId, email.step])).toEqual(
      ['steps.0', 'steps.1', 'steps.2'].map((step) => [emails[0].workflowId, `reengagement:${step}`]),
    );
    expect(emails[0].variables).toMatchObject({ recentDays: '90', clicks: '4', conversions: '1' });
    expect(emails[1].variables).toEqual({ targetReferrals: '3', withinDays: '14', reward: 'a €50 bonus' });
    expect(afterApproval(stubs).slice(-2)).toEqual(['stage AT_RISK→ACTIVE', 'check-in tasks closed']);
    expect(stubs.stages.at(-2)).toMatchObject({ to: 'AT_RISK', step: 'at-risk-1', reason: expect.stringContaining('re-engagement cycle 1: no click or conversion since') });
    expect(stubs.stages.at(-1)).toMatchObject({ to: 'ACTIVE', step: 'recovered-2', reason: 'active again: click clk_back at ' + stubs.engagement.partner.lastActivity!.at });
    expect(stubs.engagement.events.map((event) => event.action)).toEqual(
      expect.arrayContaining(['reengagement.config_pinned', 'reengagement.cycle_started', 'reengagement.step_sent', 'reengagement.cycle_ended']),
    );
  }, TEST_TIMEOUT_MS);

  it('ends the cycle without the next step when the database shows a click before it is due', async () => {
    const stubs = await runEngagedPartner(env, { engagement: { policy: RECIPE } }, async (handle, stubs, partnerId) => {
      await env.sleep('30 days');
      await untilEngagement(handle, (s) => s.cycle !== null);
      await env.sleep('1 day');
      stubs.engagement.partner.lastActivity = { at: await nowIso(), kind: 'click', sourceId: 'clk_1', seenBy: 'database' };
      await env.sleep('3 days');
      const state = await untilEngagement(handle, (s) => s.lastCycle !== null);
      expect(state.lastCycle).toMatchObject({ outcome: 'recovered', consequence: null, reason: expect.stringContaining('click clk_1') });
      const cycle = await env.client.workflow.getHandle(reengagementCycleWorkflowId(partnerId, 1)).query(reengagementCycleQuery);
      expect(cycle.steps.map((step) => step.status)).toEqual(['sent', 'not_reached', 'not_reached']);
    });
    expect(afterApproval(stubs)).toEqual(['email reengagement.performance_snapshot']);
  }, TEST_TIMEOUT_MS);

  it('ends the cycle at once on a conversion signal, and starts no other before the cooldown', async () => {
    const stubs = await runEngagedPartner(env, { engagement: { policy: RECIPE } }, async (handle) => {
      await env.sleep('30 days');
      await untilEngagement(handle, (s) => s.cycle !== null);
      await handle.signal(partnerActivitySignal, { event: 'conversion', at: await nowIso(), sourceId: 'cnv_2' });
      const state = await untilEngagement(handle, (s) => s.lastCycle !== null);
      expect(state.lastCycle).toMatchObject({ outcome: 'recovered', reason: expect.stringContaining('conversion cnv_2') });
      expect(state.lastActivity).toMatchObject({ kind: 'conversion', sourceId: 'cnv_2', seenBy: 'signal' });
      await env.sleep('45 days'); // quiet again for 30 days, but the cooldown runs 60 days from the cycle's end
      expect((await untilEngagement(handle, () => true)).cyclesStarted).toBe(1);
    });
    expect(afterApproval(stubs)).toEqual(['email reengagement.performance_snapshot']);
  }, TEST_TIMEOUT_MS);

  it('downgrade_tier: a partner still inactive goes one tier down instead of AT_RISK', async () => {
    const policy: z.input<typeof reengagementConfigSchema> = {
      ...RECIPE,
      outcome: 'downgrade_tier',
      tiers: { measure: 'conversions', period: 'quarter', levels: [{ name: 'bronze', minimum: '0' }, { name: 'silver', minimum: '5' }] },
    };
    const stubs = await runEngagedPartner(env, { engagement: { policy } }, async (handle, stubs) => {
      stubs.engagement.partner.anyPeriod = { conversions: 6 };
      await handle.signal(partnerActivitySignal, { event: 'conversion', at: await nowIso(), sourceId: 'cnv_1' });
      await untilEngagement(handle, (s) => s.tier.name === 'silver');
      await env.sleep('48 days');
      const state = await untilEngagement(handle, (s) => s.lastCycle !== null);
      expect(state.lastCycle).toMatchObject({ outcome: 'still_inactive', consequence: 'tier silver → bronze' });
      expect(state.atRisk).toBeNull();
    });
    const tierLines = afterApproval(stubs).filter((line) => line.startsWith('tier') || line.startsWith('email tier'));
    expect(tierLines.slice(0, 5)).toEqual(['tier none→bronze assigned', 'tier bronze→silver promoted', 'email tier.promoted', 'tier silver→bronze demoted', 'email tier.demoted']);
    expect(stubs.engagement.tierChanges[2]).toMatchObject({ step: 'tier-3', reason: expect.stringMatching(/^re-engagement cycle 1: .*; one tier down, from silver to bronze$/) });
  }, TEST_TIMEOUT_MS);

  it('a pause stops the running cycle; after the resume a new one starts from its first step', async () => {
    const stubs = await runEngagedPartner(env, { engagement: { policy: RECIPE } }, async (handle, _stubs, partnerId) => {
      await env.sleep('31 days');
      await untilEngagement(handle, (s) => s.cycle !== null);
      await handle.executeUpdate(pausePartnerUpdate, { args: [{ reason: 'holiday', operatorId: 'key_manager' }] });
      const stopped = await untilEngagement(handle, (s) => s.lastCycle !== null);
      expect(stopped.lastCycle).toMatchObject({ outcome: 'stopped', reason: 'the partner was paused' });
      await env.sleep('5 days');
      await handle.executeUpdate(resumePartnerUpdate, { args: [{ reason: 'back', operatorId: 'key_manager' }] });
      await untilEngagement(handle, (s) => s.cycle?.number === 2);
      const second = env.client.workflow.getHandle(reengagementCycleWorkflowId(partnerId, 2));
      await waitFor(async () => (await second.query(reengagementCycleQuery)).steps[0].status === 'sent');
    });
    expect(afterApproval(stubs)).toEqual([
      'email reengagement.performance_snapshot',
      'stage ACTIVE→PAUSED',
      'stage PAUSED→ACTIVE',
      'email reengagement.performance_snapshot',
    ]);
  }, TEST_TIMEOUT_MS);
});

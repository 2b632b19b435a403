// (Re)captures the histories of the lifecycle's engagement watch — re-engagement cycles (and
// their child workflow), AT_RISK and back, tiers, continue-as-new — like capture-histories.spec.ts
// (same command, same refusal to hide a non-deterministic change):
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories-engagement.spec.ts
import type { WorkflowHandle } from '@temporalio/client';
import {
  DEFAULT_REENGAGEMENT_CONFIG,
  engagementStateQuery,
  partnerActivitySignal,
  partnerLifecycleWorkflowId,
  reengagementCycleWorkflowId,
  type EngagementState,
  type reengagementConfigSchema,
} from '@partnerflow/domain';
import { partnerLifecycleWorkflow, reengagementCycleWorkflow } from '@partnerflow/workflows';
import type { z } from 'zod';
import { lifecycleStubs } from '../../workflows/src/lifecycle.test-stubs';
import { untilIdle } from '../support/temporal';
import { completedHistory, quietHistory, save, useCaptureWorker, TASK_QUEUE } from './capture-support';

const lifecycle = (scenario: string) => `${partnerLifecycleWorkflow.name}-${scenario}.json`;
const cycle = (scenario: string) => `${reengagementCycleWorkflow.name}-${scenario}.json`;
const CAPTURED_FILES = [
  lifecycle('engagement-watching'),
  lifecycle('engagement-cycle-in-flight'),
  cycle('waiting-for-challenge'),
  lifecycle('engagement-at-risk'),
  cycle('still-inactive'),
  lifecycle('engagement-recovered-from-at-risk'),
  lifecycle('engagement-cycle-recovered'),
  cycle('recovered-by-signal'),
  lifecycle('engagement-tiers'),
  lifecycle('engagement-continued-first-run'),
  lifecycle('engagement-continued-next-run'),
];

/** Seed 002's recipe, the built-in default (30 quiet days → snapshot, challenge on day 3, check-in on day 17 → AT_RISK). */
const recipe = DEFAULT_REENGAGEMENT_CONFIG;
const withTiers: z.input<typeof reengagementConfigSchema> = {
  ...recipe,
  inactivityDays: 365,
  tiers: { measure: 'conversions', levels: [{ name: 'bronze', minimum: '0' }, { name: 'silver', minimum: '5' }] },
};
const stubs = lifecycleStubs({
  managers: ['lead@replay.test'],
  engagement: { policies: { prg_replay_recipe: recipe, prg_replay_tiers: withTiers } },
});
const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture engagement histories (CAPTURE_HISTORIES is set)', () => {

  const capture = useCaptureWorker(CAPTURED_FILES, stubs.activities);

  const nowIso = async () => new Date(await capture.env.currentTimeMs()).toISOString();
  async function approved(scenario: string, programId: string, historyEventsPerRun?: number) {
    const partnerId = `ptn_replay_${scenario}`;
    stubs.engagement.partner.lastActivity = null;
    stubs.engagement.partner.anyPeriod = {};
    const handle = await capture.client.workflow.start(partnerLifecycleWorkflow, {
      workflowId: partnerLifecycleWorkflowId(partnerId),
      taskQueue: TASK_QUEUE,
      args: [{ partnerId, programId, screeningConfigVersionId: 'cfg_replay', ...(historyEventsPerRun ? { historyEventsPerRun } : {}) }],
    });
    await until(handle, (state) => state.status === 'watching');
    return { handle, partnerId, cycleOf: (n: number) => capture.client.workflow.getHandle(reengagementCycleWorkflowId(partnerId, n)) };
  }
  /** Each query only once the run is idle: the test server never answers one meeting a run that continues as new. */
  async function until(handle: WorkflowHandle, check: (state: EngagementState) => boolean) {
    for (let tries = 0; ; tries += 1) {
      await untilIdle(handle);
      if (check(await handle.query(engagementStateQuery))) return;
      if (tries > 200) throw new Error('the engagement state never got there');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('a quiet partner: watching, then a cycle, AT_RISK after its check-in, and back after a click', async () => {
    const { handle, cycleOf } = await approved('quiet', 'prg_replay_recipe');
    save(lifecycle('engagement-watching'), await quietHistory(handle));
    await capture.env.sleep('31 days');
    save(cycle('waiting-for-challenge'), await quietHistory(cycleOf(1)));
    save(lifecycle('engagement-cycle-in-flight'), await quietHistory(handle));
    await capture.env.sleep('17 days');
    save(cycle('still-inactive'), await completedHistory(cycleOf(1)));
    await until(handle, (state) => state.atRisk !== null);
    save(lifecycle('engagement-at-risk'), await quietHistory(handle));
    stubs.engagement.partner.lastActivity = { at: await nowIso(), kind: 'click', sourceId: 'clk_replay', seenBy: 'database' };
    await capture.env.sleep('25 hours');
    await until(handle, (state) => state.atRisk === null);
    save(lifecycle('engagement-recovered-from-at-risk'), await quietHistory(handle));
    await handle.terminate('captured');
  });

  it('a conversion heard during a cycle ends it at once', async () => {
    const { handle, cycleOf } = await approved('recovering', 'prg_replay_recipe');
    await capture.env.sleep('31 days');
    await until(handle, (state) => state.cycle !== null);
    await handle.signal(partnerActivitySignal, { event: 'conversion', at: await nowIso(), sourceId: 'cnv_replay' });
    save(cycle('recovered-by-signal'), await completedHistory(cycleOf(1)));
    await until(handle, (state) => state.lastCycle !== null);
    save(lifecycle('engagement-cycle-recovered'), await quietHistory(handle));
    await handle.terminate('captured');
  });

  it('tiers: the entry tier, a promotion on a conversion, a month evaluated', async () => {
    const { handle } = await approved('tiers', 'prg_replay_tiers');
    stubs.engagement.partner.anyPeriod = { conversions: 6 };
    await handle.signal(partnerActivitySignal, { event: 'first_conversion', at: await nowIso(), sourceId: 'cnv_replay_1' });
    await until(handle, (state) => state.tier.name === 'silver');
    await capture.env.sleep('32 days');
    await until(handle, (state) => state.consistency.months.length > 0);
    save(lifecycle('engagement-tiers'), await quietHistory(handle));
    await handle.terminate('captured');
  });

  it('continues as new when the history grows; the next run goes on', async () => {
    const { handle } = await approved('continued', 'prg_replay_tiers', 60);
    const firstRun = (await handle.describe()).runId;
    for (let clicks = 1; (await handle.describe()).runId === firstRun; clicks += 1) {
      if (clicks > 40) throw new Error('the lifecycle never continued as new');
      await handle.signal(partnerActivitySignal, { event: 'click', at: new Date((await capture.env.currentTimeMs()) + clicks).toISOString(), sourceId: `clk_replay_${clicks}` });
      await untilIdle(handle);
    }
    save(lifecycle('engagement-continued-first-run'), await capture.client.workflow.getHandle(handle.workflowId, firstRun).fetchHistory());
    await untilIdle(handle);
    save(lifecycle('engagement-continued-next-run'), await quietHistory(handle));
    await handle.terminate('captured');
  }, 180_000);
});

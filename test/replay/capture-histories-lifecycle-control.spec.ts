// (Re)captures the histories of the lifecycle's stages, pause and termination — the lifecycle
// and its wind-down child — like capture-histories.spec.ts (same command, same refusal to hide
// a non-deterministic change):
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories
import {
  partnerActivitySignal,
  partnerLifecycleWorkflowId,
  partnerTerminationWorkflowId,
  pausePartnerUpdate,
  resumePartnerUpdate,
  terminatePartnerUpdate,
  terminationWindDownQuery,
  type TerminationCategory,
} from '@partnerflow/domain';
import { partnerLifecycleWorkflow, partnerTerminationWorkflow } from '@partnerflow/workflows';
import { lifecycleStubs } from '../../workflows/src/lifecycle.test-stubs';
import { completedHistory, quietHistory, save, useCaptureWorker, TASK_QUEUE } from './capture-support';

const lifecycle = (scenario: string) => `${partnerLifecycleWorkflow.name}-${scenario}.json`;
const windDown = (scenario: string) => `${partnerTerminationWorkflow.name}-${scenario}.json`;
const CAPTURED_FILES = [
  lifecycle('paused'),
  lifecycle('paused-resumed'),
  lifecycle('producing'),
  lifecycle('termination-scheduled'),
  lifecycle('terminated-winding-down'),
  windDown('retaining-data'),
  lifecycle('terminated'),
  windDown('kept-and-anonymised'),
  lifecycle('terminated-for-fraud'),
  windDown('forfeited-and-anonymised'),
];

/** A day-2 and a day-5 email, so a pause can hold them; data kept 30 days after a termination. */
const stubs = lifecycleStubs({
  drip: [
    { type: 'email', template: 'onboarding.top_pages', afterDays: 2 },
    { type: 'email', template: 'onboarding.webinar', afterDays: 5 },
  ],
  termination: { dataRetentionDays: 30 },
});
const operator = (reason: string) => ({ reason, operatorId: 'key_replay' });
const terminate = (category: TerminationCategory, reason: string, effectiveAt?: string) => ({
  args: [{ ...operator(reason), category, ...(effectiveAt ? { effectiveAt } : {}) }] as [{ reason: string; operatorId: string; category: TerminationCategory; effectiveAt?: string }],
});

const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture stage, pause and termination histories (CAPTURE_HISTORIES is set)', () => {

  const capture = useCaptureWorker(CAPTURED_FILES, stubs.activities);

  async function activePartner(scenario: string) {
    const partnerId = `ptn_replay_${scenario}`;
    const handle = await capture.client.workflow.start(partnerLifecycleWorkflow, {
      workflowId: partnerLifecycleWorkflowId(partnerId),
      taskQueue: TASK_QUEUE,
      args: [{ partnerId, programId: 'prg_replay', screeningConfigVersionId: 'cfg_replay' }],
    });
    await quietHistory(handle); // approved, welcomed, drip pinned: waits for day 2
    return { handle, windDownHandle: capture.client.workflow.getHandle(partnerTerminationWorkflowId(partnerId)) };
  }

  it('paused on day 1: the drip holds both emails; resumed on day 8, it sends them', async () => {
    const { handle } = await activePartner('paused');
    await capture.env.sleep('1 day');
    await handle.executeUpdate(pausePartnerUpdate, { args: [operator('checking traffic quality')] });
    await capture.env.sleep('7 days');
    save(lifecycle('paused'), await quietHistory(handle));
    await handle.executeUpdate(resumePartnerUpdate, { args: [operator('traffic is fine')] });
    save(lifecycle('paused-resumed'), await quietHistory(handle));
  });

  it('the first conversion makes the partner PRODUCING', async () => {
    const { handle } = await activePartner('producing');
    await handle.signal(partnerActivitySignal, { event: 'first_conversion', at: '2026-01-01T12:00:00.000Z', sourceId: 'cnv_replay' });
    save(lifecycle('producing'), await quietHistory(handle));
  });

  it('a termination scheduled three days ahead waits on its timer', async () => {
    const { handle } = await activePartner('scheduled');
    const effectiveAt = new Date((await capture.env.currentTimeMs()) + 3 * 24 * 3_600_000).toISOString();
    await handle.executeUpdate(terminatePartnerUpdate, terminate('inactivity', 'no traffic in months', effectiveAt));
    save(lifecycle('termination-scheduled'), await quietHistory(handle));
  });

  it('terminated for a policy breach: commissions kept, final statement, data anonymised after 30 days', async () => {
    const { handle, windDownHandle } = await activePartner('terminated');
    await handle.executeUpdate(terminatePartnerUpdate, terminate('policy', 'brand bidding'));
    while ((await windDownHandle.query(terminationWindDownQuery).catch(() => null))?.status !== 'retaining_data') {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    save(windDown('retaining-data'), await quietHistory(windDownHandle));
    save(lifecycle('terminated-winding-down'), await quietHistory(handle));
    await capture.env.sleep('31 days');
    save(windDown('kept-and-anonymised'), await completedHistory(windDownHandle));
    save(lifecycle('terminated'), await completedHistory(handle));
  });

  it('terminated for fraud while paused: unpaid commissions forfeited', async () => {
    const { handle, windDownHandle } = await activePartner('fraud');
    await handle.executeUpdate(pausePartnerUpdate, { args: [operator('suspicious conversions')] });
    await handle.executeUpdate(terminatePartnerUpdate, terminate('fraud', 'stolen cookies'));
    await capture.env.sleep('31 days');
    save(windDown('forfeited-and-anonymised'), await completedHistory(windDownHandle));
    save(lifecycle('terminated-for-fraud'), await completedHistory(handle));
  });
});

// (Re)captures the histories of the weekly performance review, like capture-histories.spec.ts
// (same command, same refusal to hide a non-deterministic change):
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories-performance-review
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '@partnerflow/activities';
import { NonRetryableFailure, performanceReviewScheduleId } from '@partnerflow/domain';
import { performanceReviewWorkflow } from '@partnerflow/workflows';
import { save, useCaptureWorker, TASK_QUEUE } from './capture-support';

const CAPTURED_FILES = [`${performanceReviewWorkflow.name}-reviewed.json`, `${performanceReviewWorkflow.name}-one-program-failed.json`];
const AS_OF = '2026-11-23T14:00:00.000Z';

const activities: Partial<Activities> = {
  listProgramsForPerformanceReview: async () => ['prg_replay_a', 'prg_replay_b', 'prg_replay_c', 'prg_replay_d', 'prg_replay_e'],
  reviewProgramPerformance: async ({ programId, asOf }) => {
    if (asOf !== AS_OF && programId === 'prg_replay_c') throw ApplicationFailure.nonRetryable(`program ${programId} does not exist`, NonRetryableFailure.NOT_FOUND);
    return { programId, weekStart: '2026-11-16', weekEnd: '2026-11-22', partnersCompared: 4, drops: programId === 'prg_replay_b' ? 1 : 0, recorded: programId === 'prg_replay_b' ? 1 : 0 };
  },
};

const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture performance review histories (CAPTURE_HISTORIES is set)', () => {

  const capture = useCaptureWorker(CAPTURED_FILES, activities);

  it('five programs reviewed, four at a time', async () => {
    const handle = await capture.client.workflow.start(performanceReviewWorkflow, { workflowId: `${performanceReviewScheduleId(TASK_QUEUE)}-replay`, taskQueue: TASK_QUEUE, args: [{ asOf: AS_OF }] });
    await handle.result();
    save(CAPTURED_FILES[0], await handle.fetchHistory());
  });

  it('one program failed, the others reviewed, the run failed naming it', async () => {
    const handle = await capture.client.workflow.start(performanceReviewWorkflow, { workflowId: `${performanceReviewScheduleId(TASK_QUEUE)}-replay-failed`, taskQueue: TASK_QUEUE, args: [{}] });
    await expect(handle.result()).rejects.toThrow();
    save(CAPTURED_FILES[1], await handle.fetchHistory());
  });
});

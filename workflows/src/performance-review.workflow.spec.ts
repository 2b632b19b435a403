import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities, ProgramPerformanceReview } from '@partnerflow/activities';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { performanceReviewWorkflow } from './performance-review.workflow';

jest.setTimeout(120_000);

const AS_OF = '2026-11-23T14:00:00.000Z';
const reviewOf = (programId: string, drops = 0): ProgramPerformanceReview => ({ programId, weekStart: '2026-11-16', weekEnd: '2026-11-22', partnersCompared: 3, drops, recorded: drops });

describe('performanceReviewWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** Stubs answering per program; `broken` programs fail every attempt with a retryable error. */
  function stubs(programIds: string[], broken: string[] = []) {
    const attempts: Record<string, number> = {};
    const asked: string[] = [];
    const activities: Partial<Activities> = {
      listProgramsForPerformanceReview: async () => programIds,
      reviewProgramPerformance: async ({ programId, asOf }) => {
        asked.push(asOf);
        attempts[programId] = (attempts[programId] ?? 0) + 1;
        if (broken.includes(programId)) throw new Error(`database unavailable for ${programId}`);
        return reviewOf(programId, programId === 'prg_b' ? 2 : 0);
      },
    };
    return { activities, attempts, asked };
  }

  async function run(activities: Partial<Activities>, args: Parameters<typeof performanceReviewWorkflow>) {
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: activities as Activities });
    return worker.runUntil(env.client.workflow.execute(performanceReviewWorkflow, { taskQueue, workflowId: `performance-review-test-${randomUUID()}`, args }));
  }

  it('reviews every program as of the time given', async () => {
    const { activities, asked } = stubs(['prg_a', 'prg_b', 'prg_c']);
    const result = await run(activities, [{ asOf: AS_OF }]);
    expect(result).toEqual({ asOf: AS_OF, programs: 3, drops: 2, recorded: 2 });
    expect(asked).toEqual([AS_OF, AS_OF, AS_OF]);
  });

  it('reviews as of its start when no time is given (a schedule firing)', async () => {
    const { activities, asked } = stubs(['prg_a']);
    const before = await env.currentTimeMs(); // the test server's clock, not the machine's
    const result = await run(activities, [{}]);
    expect(asked).toEqual([result.asOf]);
    expect(Date.parse(result.asOf) - before).toBeGreaterThanOrEqual(0);
    expect(Date.parse(result.asOf) - before).toBeLessThan(60_000);
  });

  it('retries a failing program, reviews the others anyway, then fails naming it', async () => {
    const { activities, attempts } = stubs(['prg_a', 'prg_broken', 'prg_c'], ['prg_broken']);
    const failure = await run(activities, [{ asOf: AS_OF }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.message).toMatch(/failed for 1 program\(s\): prg_broken \(database unavailable for prg_broken\)/);
    expect(attempts).toEqual({ prg_a: 1, prg_broken: 5, prg_c: 1 });
    expect(cause.details).toEqual([{ asOf: AS_OF, programs: 2, drops: 0, recorded: 0, failed: [{ programId: 'prg_broken', error: 'database unavailable for prg_broken' }] }]);
  });
});

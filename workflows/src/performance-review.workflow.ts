import { ActivityFailure, ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '@partnerflow/activities';
import { NonRetryableFailure } from '@partnerflow/domain';

/**
 * One program's review is a couple of statements; retried with backoff for about ten minutes
 * (a database restart), then left failed so the next program's review is not held up.
 */
const reviews = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5, nonRetryableErrorTypes: Object.values(NonRetryableFailure) },
});

const reasonOf = (error: unknown): string =>
  error instanceof ActivityFailure && error.cause ? error.cause.message : error instanceof Error ? error.message : String(error);

/** Programs reviewed at once: enough to finish quickly, few enough not to crowd the database. */
const CONCURRENT_PROGRAMS = 4;

export interface PerformanceReviewInput {
  /** ISO instant the review is as of (a rerun of a past week); default: when the workflow starts. */
  asOf?: string;
}

/** Totals only: a per-program list would grow the result with the number of programs. */
export interface PerformanceReviewResult {
  asOf: string;
  programs: number;
  drops: number;
  /** New events: 0 when the week was reviewed before. */
  recorded: number;
}

/**
 * The weekly performance review (schedule `performance-review-weekly-<taskQueue>`, Mondays): for every
 * program, compares its working partners' last completed week with the week before and records a
 * `performance.dropped` event per drop; the notification rule decides whom that reaches. A
 * program whose review fails does not stop the others: they all run, then the workflow fails
 * naming the failed ones, so the run shows as failed. A rerun records nothing twice.
 */
export async function performanceReviewWorkflow(input: PerformanceReviewInput = {}): Promise<PerformanceReviewResult> {
  const asOf = input.asOf ?? new Date().toISOString();
  const queue = await reviews.listProgramsForPerformanceReview();
  const result: PerformanceReviewResult = { asOf, programs: 0, drops: 0, recorded: 0 };
  const failed: { programId: string; error: string }[] = [];
  const reviewNext = async (): Promise<void> => {
    for (let programId = queue.shift(); programId; programId = queue.shift()) {
      try {
        const review = await reviews.reviewProgramPerformance({ programId, asOf });
        result.programs += 1;
        result.drops += review.drops;
        result.recorded += review.recorded;
      } catch (error) {
        failed.push({ programId, error: reasonOf(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_PROGRAMS }, reviewNext));
  log.info('performance review done', { ...result, failed: failed.length });
  if (failed.length > 0) {
    throw ApplicationFailure.create({
      message: `the performance review failed for ${failed.length} program(s): ${failed.map((failure) => `${failure.programId} (${failure.error})`).join('; ')}`,
      nonRetryable: true,
      details: [{ ...result, failed }],
    });
  }
  return result;
}

import { CLICK_STORE_CONNECTIONS } from './click-store';

/** How ClickRecorder batches, waits and retries; tests pass their own through CLICK_RECORDER_OPTIONS. */
export interface ClickRecorderOptions {
  /** Rows per INSERT at most (one array parameter per column, so no parameter limit applies). */
  maxBatchSize: number;
  /** INSERTs running at once; while they run, new clicks gather into the next batch. */
  maxConcurrentInserts: number;
  /** The longest a redirect waits for its click to be committed before answering anyway. */
  maxCommitWaitMs: number;
  /** Clicks held in memory at most while the database is failing; beyond that they are dropped (and counted). */
  maxQueuedClicks: number;
  /** First and longest pause before retrying a failed INSERT. */
  retryDelayMs: { first: number; max: number };
  /** How long a clean shutdown keeps trying to store what is left. */
  shutdownTimeoutMs: number;
}

export const CLICK_RECORDER_OPTIONS = Symbol('CLICK_RECORDER_OPTIONS');

export const DEFAULT_CLICK_RECORDER_OPTIONS: ClickRecorderOptions = {
  maxBatchSize: 1000,
  maxConcurrentInserts: CLICK_STORE_CONNECTIONS,
  maxCommitWaitMs: 250,
  maxQueuedClicks: 50_000,
  retryDelayMs: { first: 100, max: 5_000 },
  shutdownTimeoutMs: 10_000,
};

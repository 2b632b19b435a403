import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { CLICK_RECORDER_OPTIONS, DEFAULT_CLICK_RECORDER_OPTIONS, type ClickRecorderOptions } from './click-recorder.options';
import { ClickStore } from './click-store';
import type { ClickRow } from './tracking.repository';

/** Where batches go: ClickStore in the api, a fake in unit tests. */
export interface ClickSink {
  insertClicks(rows: ClickRow[]): Promise<void>;
  /** Releases connections once everything is stored. */
  close?(): Promise<void>;
}

/** Told about every batch once it is committed; runs after the batch's redirects were released. */
export type CommittedClicksListener = (rows: readonly ClickRow[]) => void;

interface PendingClick {
  row: ClickRow;
  /** Lets the redirect go; a no-op once called. */
  release: () => void;
}

/**
 * The clicks recorded in one turn of the event loop share one maxCommitWaitMs timer: one per
 * batch instead of one per redirect, which the benchmark's profile showed as a cost of its own.
 */
interface Cohort {
  clicks: PendingClick[];
  /** Of these, the ones whose redirect still waits. */
  waiting: number;
  timer?: NodeJS.Timeout;
}

/**
 * Stores clicks by group commit: a redirect waits until the multi-row INSERT holding its click has
 * committed, and every click that arrives while INSERTs are running rides in the next one. So:
 *
 * - A 302 that left the api means its click is in PostgreSQL. A crash (SIGKILL, OOM, power) can
 *   only lose clicks whose redirect was never answered — the visitor saw an error, not the
 *   destination — except in degraded mode below.
 * - The cost is one INSERT round trip added to the redirect (a few ms), shared by every click in
 *   the batch, so throughput scales with load instead of with connections.
 * - Degraded mode: when the database is slow or failing (a click waited longer than
 *   maxCommitWaitMs, or an INSERT failed), redirects stop waiting and clicks are held in memory and
 *   retried with backoff; only these, held during an outage, can be lost by a crash. The first
 *   quick successful INSERT ends degraded mode. A clean shutdown (SIGTERM → Nest
 *   onApplicationShutdown) stores everything still held, retrying for up to shutdownTimeoutMs,
 *   then closes the sink.
 */
@Injectable()
export class ClickRecorder implements OnApplicationShutdown {
  private readonly logger = new Logger('ClickRecorder');
  private readonly options: ClickRecorderOptions;
  private queue: PendingClick[] = [];
  private readonly inFlight = new Set<PendingClick[]>();
  private degraded = false;
  private pumpScheduled = false;
  private cohort: Cohort | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private dropped = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private readonly committedListeners: CommittedClicksListener[] = [];

  constructor(
    @Inject(ClickStore) private readonly sink: ClickSink,
    @Optional() @Inject(CLICK_RECORDER_OPTIONS) options?: Partial<ClickRecorderOptions>,
  ) {
    this.options = { ...DEFAULT_CLICK_RECORDER_OPTIONS, ...options };
    this.retryDelay = this.options.retryDelayMs.first;
  }

  /** Resolves once the click is committed — or at once / after maxCommitWaitMs in degraded mode. Never rejects. */
  record(row: ClickRow): Promise<void> {
    if (this.queue.length >= this.options.maxQueuedClicks) {
      this.countDropped();
      return Promise.resolve();
    }
    const pending: PendingClick = { row, release: noop };
    this.queue.push(pending);
    this.schedulePump();
    if (this.degraded) return Promise.resolve();
    const cohort = this.openCohort();
    cohort.waiting += 1;
    return new Promise<void>((resolve) => {
      pending.release = () => {
        pending.release = noop;
        cohort.waiting -= 1;
        if (cohort.waiting === 0) this.closeCohort(cohort);
        resolve();
      };
      cohort.clicks.push(pending);
    });
  }

  /** Follow-up work on stored clicks (first clicks → lifecycle); never on a redirect's path. */
  onCommitted(listener: CommittedClicksListener): void {
    this.committedListeners.push(listener);
  }

  /** Clicks accepted but not yet committed. */
  get backlog(): number {
    return this.queue.length + [...this.inFlight].reduce((sum, batch) => sum + batch.length, 0);
  }

  /** Stores everything held now, retrying failures at the shortest retry delay until `timeoutMs`; returns what is still unstored. */
  async drain(timeoutMs: number = this.options.shutdownTimeoutMs): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.backlog > 0 && Date.now() < deadline) {
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
      }
      this.pump();
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        setTimeout(resolve, Math.min(this.options.retryDelayMs.first, Math.max(0, deadline - Date.now())));
      });
    }
    return this.backlog;
  }

  async onApplicationShutdown(): Promise<void> {
    const lost = await this.drain();
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (lost > 0) this.logger.error(`${lost} clicks could not be stored before shutdown and are lost`);
    await this.sink.close?.();
  }

  /** The cohort of this turn of the event loop, started with its timer on the turn's first click. */
  private openCohort(): Cohort {
    if (this.cohort) return this.cohort;
    const cohort: Cohort = { clicks: [], waiting: 0 };
    this.cohort = cohort;
    cohort.timer = setTimeout(() => {
      // A click of this cohort still uncommitted after maxCommitWaitMs: the database is slow.
      this.degraded = true;
      for (const pending of cohort.clicks) pending.release();
    }, this.options.maxCommitWaitMs);
    return cohort;
  }

  /** Every click of the cohort has been let go: its timer is not needed, and later clicks start a new one. */
  private closeCohort(cohort: Cohort): void {
    clearTimeout(cohort.timer);
    if (this.cohort === cohort) this.cohort = undefined;
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.retryTimer) return;
    this.pumpScheduled = true;
    // After this turn of the event loop, so the clicks of every request parsed in it share one INSERT.
    setImmediate(() => {
      this.pumpScheduled = false;
      this.cohort = undefined;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.stopped && !this.retryTimer && this.queue.length > 0 && this.inFlight.size < this.options.maxConcurrentInserts) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      void this.insert(batch);
    }
  }

  private async insert(batch: PendingClick[]): Promise<void> {
    this.inFlight.add(batch);
    const started = Date.now();
    try {
      await this.sink.insertClicks(batch.map((pending) => pending.row));
      this.retryDelay = this.options.retryDelayMs.first;
      if (Date.now() - started < this.options.maxCommitWaitMs) this.degraded = false;
      for (const pending of batch) pending.release();
      this.announceCommitted(batch);
    } catch (error) {
      this.degraded = true;
      // Back to the front of the queue, and let their redirects go: they wait in memory now.
      this.queue = [...batch, ...this.queue];
      for (const pending of batch) pending.release();
      this.logger.warn(`storing ${batch.length} clicks failed (retrying in ${this.retryDelay} ms): ${describe(error)}`);
      this.scheduleRetry();
    } finally {
      this.inFlight.delete(batch);
      if (this.backlog === 0) this.notifyIdle();
      this.pump();
    }
  }

  private announceCommitted(batch: PendingClick[]): void {
    if (this.committedListeners.length === 0) return;
    const rows = batch.map((pending) => pending.row);
    for (const listener of this.committedListeners) {
      try {
        listener(rows);
      } catch (error) {
        this.logger.error(`a listener of committed clicks failed: ${describe(error)}`);
      }
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, this.options.retryDelayMs.max);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private countDropped(): void {
    this.dropped += 1;
    // One line per thousand, so an outage does not also flood the log.
    if (this.dropped % 1000 === 1) {
      this.logger.error(`click buffer full (${this.options.maxQueuedClicks}): ${this.dropped} clicks dropped so far`);
    }
  }
}

function noop(): void {}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

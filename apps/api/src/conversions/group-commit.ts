/** One item's result in a batch: its value, or the error that item (alone) failed with. */
export type Outcome<O> = { value: O } | { error: unknown };

export interface GroupCommitOptions {
  /** At most this many items share one round trip. */
  maxBatchSize: number;
  /** Batches under way at once; items arriving meanwhile gather into the next, larger one. */
  maxInFlight: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the ingestion path (the way ClickRecorder stores clicks): every item submitted
 * in one turn of the event loop — and every item arriving while `maxInFlight` batches are under
 * way — goes to the database in one statement, so a busy api makes a few large round trips
 * instead of one per request. Each caller still gets its own item's result or error; a batch that
 * fails as a whole rejects each of its items with that error.
 */
export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: (items: I[]) => Promise<Outcome<O>[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items accepted and not yet answered. */
  get backlog(): number {
    return this.queue.length + this.inFlight;
  }

  /** Resolves once every submitted item has been answered. */
  idle(): Promise<void> {
    if (this.backlog === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After this turn of the event loop, so the items of every request handled in it share a batch.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      void this.execute(this.queue.splice(0, this.options.maxBatchSize));
    }
  }

  private async execute(batch: Pending<I, O>[]): Promise<void> {
    this.inFlight += 1;
    try {
      const outcomes = await this.run(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => {
        const outcome = outcomes[index];
        if (!outcome) pending.reject(new Error('the batch answered fewer items than it was given'));
        else if ('error' in outcome) pending.reject(outcome.error);
        else pending.resolve(outcome.value);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.inFlight -= 1;
      this.pump();
      if (this.backlog === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const wake of waiters) wake();
      }
    }
  }
}

/**
 * Runs work in arrival order per key: a task waits for every earlier task that shares one of its
 * keys, and runs at once beside tasks that share none. Tasks only ever wait for earlier ones, so
 * there is no deadlock, whatever keys they hold.
 *
 * Ingestion uses it so that reports which depend on each other — a repeat of an external id, a
 * refund and the order it names, two conversions of one customer or from one IP — are decided one
 * after the other within an api process, each seeing the other's committed result, exactly as if
 * they had arrived one at a time; unrelated reports still share batches.
 */
export class KeyedSequence {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const earlier: Promise<void>[] = [];
    for (const key of keys) {
      const tail = this.tails.get(key);
      if (tail) earlier.push(tail);
    }
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    for (const key of keys) this.tails.set(key, done);
    try {
      if (earlier.length > 0) await Promise.all(earlier);
      return await work();
    } finally {
      release();
      for (const key of keys) if (this.tails.get(key) === done) this.tails.delete(key);
    }
  }

  /** Keys some task holds or waits for. */
  get size(): number {
    return this.tails.size;
  }
}

import { GroupCommit, type Outcome } from './group-commit';

/** A batch runner whose round trips complete when the test says so, remembering every batch. */
class Runner {
  readonly batches: number[][] = [];
  hold = false;
  failBatch = false;
  private held: (() => void)[] = [];

  readonly run = async (items: number[]): Promise<Outcome<string>[]> => {
    this.batches.push(items);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failBatch) throw new Error('connection lost');
    return items.map((item) => (item < 0 ? { error: new Error(`bad item ${item}`) } : { value: `stored ${item}` }));
  };

  release(): void {
    this.hold = false;
    for (const resume of this.held.splice(0)) resume();
  }
}

const settle = (promises: Promise<string>[]) => Promise.allSettled(promises);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('sends the items of one turn of the event loop in one batch and answers each its own result', async () => {
    const runner = new Runner();
    const batcher = new GroupCommit(runner.run, { maxBatchSize: 100, maxInFlight: 1 });
    const results = await settle([1, 2, -3, 4].map((item) => batcher.submit(item)));
    expect(runner.batches).toEqual([[1, 2, -3, 4]]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'stored 1' },
      { status: 'fulfilled', value: 'stored 2' },
      { status: 'rejected', reason: new Error('bad item -3') },
      { status: 'fulfilled', value: 'stored 4' },
    ]);
  });

  it('gathers items arriving while a batch is under way into the next one, at most maxBatchSize each', async () => {
    const runner = new Runner();
    const batcher = new GroupCommit(runner.run, { maxBatchSize: 3, maxInFlight: 1 });
    runner.hold = true;
    const first = batcher.submit(1);
    await tick();
    const later = [2, 3, 4, 5].map((item) => batcher.submit(item));
    await tick();
    expect(runner.batches).toEqual([[1]]);
    expect(batcher.backlog).toBe(5);
    runner.release();
    await settle([first, ...later]);
    expect(runner.batches).toEqual([[1], [2, 3, 4], [5]]);
    expect(await Promise.all(later)).toEqual(['stored 2', 'stored 3', 'stored 4', 'stored 5']);
    expect(batcher.backlog).toBe(0);
  });

  it('rejects every item of a batch that failed as a whole, and keeps serving the next', async () => {
    const runner = new Runner();
    const batcher = new GroupCommit(runner.run, { maxBatchSize: 10, maxInFlight: 2 });
    runner.failBatch = true;
    const failed = await settle([batcher.submit(1), batcher.submit(2)]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    runner.failBatch = false;
    await expect(batcher.submit(3)).resolves.toBe('stored 3');
  });

  it('resolves idle() once everything submitted is answered', async () => {
    const runner = new Runner();
    const batcher = new GroupCommit(runner.run, { maxBatchSize: 10, maxInFlight: 1 });
    await expect(batcher.idle()).resolves.toBeUndefined();
    runner.hold = true;
    const pending = batcher.submit(1);
    let idle = false;
    const waiting = batcher.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    runner.release();
    await Promise.all([pending, waiting]);
    expect(idle).toBe(true);
  });
});

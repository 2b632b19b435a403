import { Logger } from '@nestjs/common';
import type { ClickRow } from './tracking.repository';
import { ClickRecorder, type ClickSink } from './click-recorder';

/** A sink whose INSERTs complete when the test says so (or at once), remembering every row stored. */
class ControlledSink implements ClickSink {
  readonly stored: string[] = [];
  readonly batches: number[] = [];
  failNext = 0;
  hold = false;
  private held: (() => void)[] = [];

  async insertClicks(rows: ClickRow[]): Promise<void> {
    this.batches.push(rows.length);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('connection refused');
    }
    this.stored.push(...rows.map((row) => row.id));
  }

  release(): void {
    this.hold = false;
    for (const resume of this.held.splice(0)) resume();
  }
}

const click = (id: string): ClickRow => ({
  id,
  at: new Date(),
  linkId: 'lnk_1',
  partnerId: 'ptn_1',
  programId: 'prg_1',
  isBot: false,
  creditable: true,
});

const OPTIONS = { maxCommitWaitMs: 50, retryDelayMs: { first: 5, max: 20 }, shutdownTimeoutMs: 2_000 };

describe('ClickRecorder', () => {
  const recorders: ClickRecorder[] = [];
  const recorderFor = (sink: ClickSink, options: ConstructorParameters<typeof ClickRecorder>[1] = OPTIONS) => {
    const recorder = new ClickRecorder(sink, options);
    recorders.push(recorder);
    return recorder;
  };
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(async () => {
    await Promise.all(recorders.splice(0).map((recorder) => recorder.onApplicationShutdown()));
  });

  it('answers a click only once it is stored, and batches the clicks of one moment into one INSERT', async () => {
    const sink = new ControlledSink();
    const recorder = recorderFor(sink);
    const ids = Array.from({ length: 50 }, (_, i) => `clk_${i}`);
    const answered: string[] = [];
    await Promise.all(ids.map((id) => recorder.record(click(id)).then(() => answered.push(id))));
    expect(new Set(sink.stored)).toEqual(new Set(ids));
    expect(answered).toHaveLength(50);
    expect(sink.batches).toEqual([50]);
  });

  it('gathers clicks that arrive during an INSERT into the next one', async () => {
    const sink = new ControlledSink();
    const recorder = recorderFor(sink, { ...OPTIONS, maxConcurrentInserts: 1, maxCommitWaitMs: 5_000 });
    sink.hold = true;
    const first = recorder.record(click('clk_first'));
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 10 }, (_, i) => recorder.record(click(`clk_${i}`)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.batches).toEqual([1]);
    sink.release();
    await Promise.all([first, ...later]);
    expect(sink.batches).toEqual([1, 10]);
    expect(sink.stored).toHaveLength(11);
  });

  it('stops making redirects wait when the database is slow, and still stores the clicks', async () => {
    const sink = new ControlledSink();
    const recorder = recorderFor(sink);
    sink.hold = true;
    const started = Date.now();
    await recorder.record(click('clk_slow'));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sink.stored).toEqual([]);
    // Degraded: the next redirect does not wait at all.
    await recorder.record(click('clk_next'));
    expect(recorder.backlog).toBe(2);
    sink.release();
    expect(await recorder.drain()).toBe(0);
    expect(sink.stored.sort()).toEqual(['clk_next', 'clk_slow']);
  });

  it('retries a failed INSERT and loses nothing', async () => {
    const sink = new ControlledSink();
    const recorder = recorderFor(sink);
    sink.failNext = 3;
    await Promise.all(['clk_a', 'clk_b'].map((id) => recorder.record(click(id))));
    expect(await recorder.drain()).toBe(0);
    expect(sink.stored.sort()).toEqual(['clk_a', 'clk_b']);
    expect(sink.batches.length).toBeGreaterThanOrEqual(4);
  });

  it('stores everything still held when the application shuts down', async () => {
    const sink = new ControlledSink();
    const recorder = recorderFor(sink);
    sink.hold = true;
    const ids = Array.from({ length: 25 }, (_, i) => `clk_${i}`);
    for (const id of ids) void recorder.record(click(id));
    setTimeout(() => sink.release(), 100);
    await recorder.onApplicationShutdown();
    expect(sink.stored.sort()).toEqual([...ids].sort());
    expect(recorder.backlog).toBe(0);
  });

  it('reports what it could not store when the database stays down past the shutdown timeout', async () => {
    const sink = new ControlledSink();
    const recorder = recorderFor(sink, { ...OPTIONS, shutdownTimeoutMs: 100 });
    sink.failNext = Number.POSITIVE_INFINITY;
    await recorder.record(click('clk_lost'));
    expect(await recorder.drain(100)).toBe(1);
  });

  it('tells listeners about each committed batch, after its redirects were let go, and never about a failed INSERT', async () => {
    const sink = new ControlledSink();
    const recorder = recorderFor(sink);
    const committed: string[][] = [];
    let answered = 0;
    recorder.onCommitted((rows) => {
      expect(answered).toBe(0); // released, but the redirects' continuations have not run yet
      committed.push(rows.map((row) => row.id));
    });
    recorder.onCommitted(() => {
      throw new Error('a failing listener changes nothing for the clicks');
    });
    sink.failNext = 1;
    await Promise.all(['clk_a', 'clk_b'].map((id) => recorder.record(click(id))));
    expect(await recorder.drain()).toBe(0);
    await Promise.all(['clk_c'].map((id) => recorder.record(click(id)).then(() => (answered += 1))));
    expect(committed).toEqual([['clk_a', 'clk_b'], ['clk_c']]);
    expect(sink.stored).toEqual(['clk_a', 'clk_b', 'clk_c']);
  });

  it('closes the sink once everything held is stored at shutdown', async () => {
    const sink = new ControlledSink();
    const closed = jest.fn(async () => expect(sink.stored).toEqual(['clk_last']));
    const recorder = recorderFor(Object.assign(sink, { close: closed }));
    void recorder.record(click('clk_last'));
    await recorder.onApplicationShutdown();
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('drops clicks beyond the buffer bound instead of growing without limit, and still answers', async () => {
    const sink = new ControlledSink();
    const recorder = recorderFor(sink, { ...OPTIONS, maxQueuedClicks: 3 });
    sink.failNext = Number.POSITIVE_INFINITY;
    await Promise.all(Array.from({ length: 5 }, (_, i) => recorder.record(click(`clk_${i}`))));
    expect(recorder.backlog).toBeLessThanOrEqual(3);
  });
});

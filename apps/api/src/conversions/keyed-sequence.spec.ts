import { KeyedSequence } from './keyed-sequence';

/** A task that records when it starts and ends, and ends when the test says so. */
function task(log: string[], name: string) {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish,
    work: async () => {
      log.push(`start ${name}`);
      await finished;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedSequence', () => {
  it('runs tasks sharing a key one after the other, in arrival order, and others beside them', async () => {
    const sequence = new KeyedSequence();
    const log: string[] = [];
    const a = task(log, 'a');
    const b = task(log, 'b');
    const c = task(log, 'c');
    const runs = [sequence.run(['order-1'], a.work), sequence.run(['order-1', 'customer-9'], b.work), sequence.run(['order-2'], c.work)];
    await tick();
    expect(log).toEqual(['start a', 'start c']);
    c.finish();
    b.finish();
    await tick();
    expect(log).toEqual(['start a', 'start c', 'end c']);
    a.finish();
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'start c', 'end c', 'end a', 'start b', 'end b']);
    expect(sequence.size).toBe(0);
  });

  it('waits for every earlier holder of any of its keys, and goes on after a failure', async () => {
    const sequence = new KeyedSequence();
    const log: string[] = [];
    const first = sequence.run(['x'], async () => {
      await tick();
      log.push('x failed');
      throw new Error('boom');
    });
    const second = task(log, 'y');
    const secondRun = sequence.run(['y'], second.work);
    const both = sequence.run(['x', 'y'], async () => {
      log.push('x and y');
      return 'both';
    });
    await expect(first).rejects.toThrow('boom');
    await tick();
    expect(log).toEqual(['start y', 'x failed']);
    second.finish();
    await expect(both).resolves.toBe('both');
    await secondRun;
    expect(log).toEqual(['start y', 'x failed', 'end y', 'x and y']);
  });
});

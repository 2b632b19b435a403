import { TtlLruCache } from './ttl-lru-cache';

describe('TtlLruCache', () => {
  let now = 0;
  const cache = () => new TtlLruCache<string, string>({ maxEntries: 2, ttlMs: 1_000 }, () => now);
  beforeEach(() => {
    now = 0;
  });

  it('loads once per key within the TTL, sharing one load between concurrent callers', async () => {
    const lru = cache();
    const load = jest.fn(async (key: string) => `value of ${key}`);
    const [a, b] = await Promise.all([lru.get('a', load), lru.get('a', load)]);
    expect([a, b]).toEqual(['value of a', 'value of a']);
    now = 999;
    await lru.get('a', load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads again once the TTL has passed', async () => {
    const lru = cache();
    const load = jest.fn(async () => 'v');
    await lru.get('a', load);
    now = 1_000;
    await lru.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('evicts the least recently used entry beyond its size', async () => {
    const lru = cache();
    const load = jest.fn(async (key: string) => key);
    await lru.get('a', load);
    await lru.get('b', load);
    await lru.get('a', load); // a is now the most recent
    await lru.get('c', load); // evicts b
    expect(lru.size).toBe(2);
    await lru.get('a', load);
    await lru.get('b', load);
    expect(load.mock.calls.map(([key]) => key)).toEqual(['a', 'b', 'c', 'b']);
  });

  it('forgets a failed load so the next caller tries again', async () => {
    const lru = cache();
    await expect(lru.get('a', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await expect(lru.get('a', async () => 'recovered')).resolves.toBe('recovered');
  });
});

/**
 * A small LRU with a time to live, holding promises so concurrent misses for one key share one
 * load. The redirect's hot path is one Map lookup; what is cached (a link, its partner's stage,
 * its program's settings) is at most `ttlMs` stale, so a pause or a config change takes effect
 * within that time on every api replica. A failed load is forgotten at once.
 */
export class TtlLruCache<K, V> {
  private readonly entries = new Map<K, { expiresAt: number; value: Promise<V> }>();

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K, load: (key: K) => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && entry.expiresAt > now) {
      // Re-inserting moves the key to the young end of the Map's insertion order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value;
    }
    const value = load(key);
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + this.options.ttlMs, value });
    if (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets everything: the next get of any key loads it afresh. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

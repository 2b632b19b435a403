import { Injectable } from '@nestjs/common';
import type { RateLimitSpec } from '@partnerflow/domain';
import type { BucketStore } from './bucket-store';
import { takeToken, type BucketDecision, type BucketState } from './token-bucket';

/** Buckets kept per replica; past this many the least recently used go (a full bucket is the default anyway). */
const MAX_BUCKETS = 100_000;

/**
 * Buckets in this process: no I/O, so a limit costs nothing at postback speed. Each replica counts
 * on its own, so N replicas admit up to N times the configured rate — acceptable for a flood guard,
 * which is what the postback limits are.
 */
@Injectable()
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, BucketState>();

  take(key: string, spec: RateLimitSpec, nowMs = Date.now()): Promise<BucketDecision> {
    const { decision, state } = takeToken(this.buckets.get(key), spec, nowMs);
    // Re-inserting keeps the Map in least-recently-used order for the eviction below.
    this.buckets.delete(key);
    this.buckets.set(key, state);
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    return Promise.resolve(decision);
  }
}

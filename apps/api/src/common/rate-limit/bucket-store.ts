import type { RateLimitSpec } from '@partnerflow/domain';
import type { BucketDecision } from './token-bucket';

/** Where buckets live: PostgreSQL (shared by replicas) or this process's memory. */
export interface BucketStore {
  take(key: string, spec: RateLimitSpec): Promise<BucketDecision>;
}

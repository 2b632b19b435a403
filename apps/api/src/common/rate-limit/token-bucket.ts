import type { RateLimitSpec } from '@partnerflow/domain';

export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

export interface BucketDecision {
  allowed: boolean;
  /** Whole seconds until one token is back (0 when allowed): the Retry-After of a refusal. */
  retryAfterSeconds: number;
}

/**
 * One request against a token bucket: refill for the time since the last request (never above
 * the capacity), then take a token if there is one. A refused request takes nothing, so a client
 * that keeps hammering gets in as soon as the rate allows, not later. The PostgreSQL store runs the
 * same arithmetic in SQL.
 */
export function takeToken(state: BucketState | undefined, spec: RateLimitSpec, nowMs: number): { decision: BucketDecision; state: BucketState } {
  const ratePerMs = spec.capacity / (spec.perSeconds * 1000);
  const elapsedMs = state ? Math.max(0, nowMs - state.updatedAtMs) : 0;
  const refilled = state ? Math.min(spec.capacity, state.tokens + elapsedMs * ratePerMs) : spec.capacity;
  if (refilled >= 1) {
    return { decision: { allowed: true, retryAfterSeconds: 0 }, state: { tokens: refilled - 1, updatedAtMs: nowMs } };
  }
  return {
    decision: { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / ratePerMs / 1000)) },
    state: { tokens: refilled, updatedAtMs: nowMs },
  };
}

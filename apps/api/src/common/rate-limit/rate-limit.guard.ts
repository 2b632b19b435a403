import { createHash } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, type Env, type RateLimitSpec } from '@partnerflow/domain';
import { ENV } from '../tokens';
import type { BucketStore } from './bucket-store';
import { MemoryBucketStore } from './memory-bucket.store';
import { PostgresBucketStore } from './postgres-bucket.store';
import { rateLimitedRoutes, type RateLimitPolicy } from './rate-limited-routes';

/** Bucket keys name the limit and a hash of the caller: no email or IP is stored or held. */
const bucketKey = (policy: string, scope: 'ip' | 'key', value: string) =>
  `${policy}:${scope}:${createHash('sha256').update(value).digest('base64url').slice(0, 32)}`;

/**
 * Takes a token from the caller's IP bucket, then from its key's — the IP first, so a flood from
 * one address cannot drain a victim's key bucket. Null when admitted, else the seconds to wait.
 */
export async function takeRateLimitTokens(store: BucketStore, policy: RateLimitPolicy, ip: string, key: string | undefined): Promise<number | null> {
  const buckets: [RateLimitSpec | null, string][] = [[policy.perIp, bucketKey(policy.name, 'ip', ip)]];
  if (key !== undefined) buckets.push([policy.perKey, bucketKey(policy.name, 'key', key)]);
  for (const [spec, bucket] of buckets) {
    if (!spec) continue;
    const { allowed, retryAfterSeconds } = await store.take(bucket, spec);
    if (!allowed) return retryAfterSeconds;
  }
  return null;
}

/** The 429 of a refused request; its Retry-After header is set by the caller. */
export const rateLimitedError = (policy: RateLimitPolicy, retryAfterSeconds: number) =>
  new DomainError(ErrorCode.RATE_LIMITED, `too many ${policy.name} requests: try again in ${retryAfterSeconds} s`);

/**
 * Global guard: a request to a rate-limited public endpoint takes a token from its IP's bucket,
 * then from its key's (takeRateLimitTokens); an empty bucket answers 429 with Retry-After and
 * changes nothing.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly routes: Map<string, RateLimitPolicy>;

  constructor(
    @Inject(ENV) env: Env,
    private readonly postgres: PostgresBucketStore,
    private readonly memory: MemoryBucketStore,
  ) {
    this.routes = rateLimitedRoutes(env);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const routePath = (request.route as { path?: string } | undefined)?.path;
    const policy = routePath ? this.routes.get(`${request.method} ${routePath}`) : undefined;
    if (!policy) return true;

    const store: BucketStore = policy.store === 'postgres' ? this.postgres : this.memory;
    const retryAfterSeconds = await takeRateLimitTokens(store, policy, request.ip ?? 'unknown', policy.keyOf(request));
    if (retryAfterSeconds === null) return true;
    // The error filter answers with this same response object, so the header goes out with the 429.
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds));
    throw rateLimitedError(policy, retryAfterSeconds);
  }
}

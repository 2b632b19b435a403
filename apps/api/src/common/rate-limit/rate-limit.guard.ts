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
 * Global guard: a request to a rate-limited public endpoint takes a token from its IP's bucket,
 * then from its key's; an empty bucket answers 429 with Retry-After and changes nothing. The IP
 * bucket is checked first so a flood from one address cannot drain a victim's key bucket.
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
    const response = context.switchToHttp().getResponse<Response>();
    await this.take(store, policy.perIp, bucketKey(policy.name, 'ip', request.ip ?? 'unknown'), response, policy.name);
    const key = policy.keyOf(request);
    if (key !== undefined) await this.take(store, policy.perKey, bucketKey(policy.name, 'key', key), response, policy.name);
    return true;
  }

  private async take(store: BucketStore, spec: RateLimitSpec | null, key: string, response: Response, name: string): Promise<void> {
    if (!spec) return;
    const { allowed, retryAfterSeconds } = await store.take(key, spec);
    if (allowed) return;
    // The error filter answers with this same response object, so the header goes out with the 429.
    response.setHeader('Retry-After', String(retryAfterSeconds));
    throw new DomainError(ErrorCode.RATE_LIMITED, `too many ${name} requests: try again in ${retryAfterSeconds} s`);
  }
}

import type { Request } from 'express';
import type { Env, RateLimitSpec } from '@partnerflow/domain';

export type BucketStoreKind = 'postgres' | 'memory';

/** What a policy's key is read from: express's request, or what a fast path parsed of one. */
export type RateLimitedRequest = Pick<Request, 'params' | 'query' | 'body'>;

/** One public endpoint's limits: a bucket per client IP and one per key (what the caller acts on). */
export interface RateLimitPolicy {
  name: string;
  store: BucketStoreKind;
  perIp: RateLimitSpec | null;
  perKey: RateLimitSpec | null;
  /** The key's value in this request, or undefined when it has none (then only the IP counts). */
  keyOf(request: RateLimitedRequest): string | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined);
const field = (source: unknown, name: string): unknown =>
  source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
const joined = (...parts: (string | undefined)[]): string | undefined => (parts.every(Boolean) ? parts.join('|') : undefined);

/**
 * The rate-limited routes, by express route path, so the endpoints themselves stay unaware of it.
 * Applications and magic links create accounts or send mail: their buckets are in PostgreSQL, so
 * the limit holds across replicas. Postbacks and events arrive at ingestion speed from a merchant's
 * servers: their buckets are per replica in memory, a flood guard that costs no query.
 */
export function rateLimitedRoutes(env: Env): Map<string, RateLimitPolicy> {
  const postbacks = (keyOf: RateLimitPolicy['keyOf']): RateLimitPolicy => ({
    name: 'postbacks',
    store: 'memory',
    perIp: env.RATE_LIMIT_POSTBACKS_PER_IP,
    perKey: env.RATE_LIMIT_POSTBACKS_PER_KEY,
    keyOf,
  });
  return new Map<string, RateLimitPolicy>([
    [
      'POST /v1/programs/:programId/applications',
      {
        name: 'applications',
        store: 'postgres',
        perIp: env.RATE_LIMIT_APPLICATIONS_PER_IP,
        perKey: env.RATE_LIMIT_APPLICATIONS_PER_KEY,
        keyOf: (request) => joined(text(request.params.programId), text(field(request.body, 'email'))),
      },
    ],
    [
      'POST /v1/auth/magic-link',
      {
        name: 'magic-link',
        store: 'postgres',
        perIp: env.RATE_LIMIT_MAGIC_LINK_PER_IP,
        perKey: env.RATE_LIMIT_MAGIC_LINK_PER_KEY,
        // Per address asked for, whatever the program: stops mail-bombing one inbox from many IPs.
        keyOf: (request) => text(field(request.body, 'email')),
      },
    ],
    // The program is the key: its postback secret is the credential these callers hold.
    ['GET /v1/postbacks', postbacks((request) => text(field(request.query, 'program')) ?? text(field(request.body, 'program')))],
    ['POST /v1/postbacks', postbacks((request) => text(field(request.query, 'program')) ?? text(field(request.body, 'program')))],
    ['POST /v1/programs/:programId/events', postbacks((request) => text(request.params.programId))],
  ]);
}

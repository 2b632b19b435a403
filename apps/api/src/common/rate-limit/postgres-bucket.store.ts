import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@partnerflow/db';
import type { RateLimitSpec } from '@partnerflow/domain';
import { PRISMA } from '../tokens';
import type { BucketStore } from './bucket-store';
import type { BucketDecision } from './token-bucket';

/** About one request in this many also deletes buckets idle for longer than any window (they would be full again). */
const SWEEP_EVERY = 500;
const SWEEP_IDLE_SECONDS = 86_400 * 7;

/**
 * Buckets in PostgreSQL, so every api replica shares one count: what makes a mail-sending or
 * account-creating limit mean what it says. One upsert per request: it refills and takes a token
 * atomically (the row lock orders concurrent requests), and updates nothing when the bucket is
 * empty, so a refusal is an empty RETURNING. Keys are hashed by the caller (no emails or IPs here).
 */
@Injectable()
export class PostgresBucketStore implements BucketStore {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async take(key: string, spec: RateLimitSpec): Promise<BucketDecision> {
    const capacity = spec.capacity;
    const ratePerSecond = spec.capacity / spec.perSeconds;
    const taken = await this.prisma.$queryRaw<{ tokens: number }[]>`
      INSERT INTO rate_limit_buckets AS b (key, tokens, updated_at)
      VALUES (${key}, ${capacity - 1}::double precision, now())
      ON CONFLICT (key) DO UPDATE SET
        tokens = LEAST(${capacity}::double precision,
          b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)::double precision) * ${ratePerSecond}::double precision) - 1,
        updated_at = now()
      WHERE LEAST(${capacity}::double precision,
        b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)::double precision) * ${ratePerSecond}::double precision) >= 1
      RETURNING tokens`;
    if (Math.random() * SWEEP_EVERY < 1) await this.sweep();
    if (taken.length > 0) return { allowed: true, retryAfterSeconds: 0 };

    const [bucket] = await this.prisma.$queryRaw<{ wait: number }[]>`
      SELECT (1 - LEAST(${capacity}::double precision,
        tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - updated_at)::double precision) * ${ratePerSecond}::double precision))
        / ${ratePerSecond}::double precision AS wait
      FROM rate_limit_buckets WHERE key = ${key}`;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(bucket?.wait ?? 1)) };
  }

  private async sweep(): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM rate_limit_buckets WHERE updated_at < now() - make_interval(secs => ${SWEEP_IDLE_SECONDS}::double precision)`;
  }
}

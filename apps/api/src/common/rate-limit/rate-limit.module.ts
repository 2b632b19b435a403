import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MemoryBucketStore } from './memory-bucket.store';
import { PostgresBucketStore } from './postgres-bucket.store';
import { RateLimitGuard } from './rate-limit.guard';

/** Rate limits of the public endpoints (rate-limited-routes.ts), applied by a global guard. */
@Module({
  providers: [PostgresBucketStore, MemoryBucketStore, { provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}

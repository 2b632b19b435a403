import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { startDomainEventDispatches } from '@partnerflow/activities';
import type { Env } from '@partnerflow/domain';
import { ENV, TEMPORAL_CLIENT } from '../common/tokens';

/** After a failed start, events wait for the catch-up this long before the api tries Temporal again. */
const PAUSE_AFTER_FAILURE_MS = 15_000;

/**
 * The api's producers (conversion ingestion) record their events in their own statement; this
 * starts each one's dispatch workflow after the commit, off the request's path. While Temporal is
 * unreachable it pauses instead of failing every request: the events wait in the outbox and the
 * worker's catch-up dispatches them.
 */
@Injectable()
export class DomainEventDispatcher {
  private readonly logger = new Logger('DomainEventDispatcher');
  private pausedUntil = 0;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** Never rejects: the events are committed; what is not started now is started by the catch-up. */
  async dispatch(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0 || Date.now() < this.pausedUntil) return;
    try {
      await startDomainEventDispatches(this.temporal, this.env.TEMPORAL_TASK_QUEUE, eventIds);
      this.pausedUntil = 0;
    } catch (error) {
      this.pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
      this.logger.warn(`domain events left to the catch-up (Temporal unreachable); retried in ${PAUSE_AFTER_FAILURE_MS / 1000} s: ${String(error)}`);
    }
  }
}

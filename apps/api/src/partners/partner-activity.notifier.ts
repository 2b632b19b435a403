import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { partnerActivitySignal, partnerLifecycleWorkflowId, type PartnerActivity } from '@partnerflow/domain';
import { TEMPORAL_CLIENT } from '../common/tokens';
import { PartnersRepository } from './partners.repository';

export interface ActivityOccurrence {
  partnerId: string;
  at: Date;
  sourceId: string;
}

type ActivityEvent = PartnerActivity['event'];

/** After a failed signal, the partner's next occurrences wait this long before trying again. */
const RETRY_AFTER_MS = 30_000;
/**
 * Later conversions (after the first) reach the workflow as `conversion` signals at most this
 * often per partner and api process: they end a re-engagement cycle or an AT_RISK at once and
 * may promote a tier. The workflow reads everything else (later clicks too) from the database
 * at its timers, so a busy partner never floods its history.
 */
const LATER_CONVERSION_INTERVAL_MS = 60 * 60_000;
const MAX_REMEMBERED_PARTNERS = 100_000;

/**
 * Tells partners' lifecycle workflows about their first click or conversion (the drip's
 * `wait_for` and `no_click` conditions). The signal goes first and the partner's first-…-at
 * column is set only once it was delivered, so a failed or lost signal is retried with the
 * partner's next click or conversion; a repeated one is harmless (the workflow keeps the earliest
 * time). Runs beside the request, never in its way: tracking must not slow down or fail because
 * Temporal does.
 */
@Injectable()
export class PartnerActivityNotifier {
  private readonly logger = new Logger('PartnerActivityNotifier');
  /** `<event>:<partnerId>` being signalled now, or failed recently (until the time stored). */
  private readonly busyUntil = new Map<string, number>();
  /** When each partner last got a `conversion` signal from this process. */
  private readonly laterConversionAt = new Map<string, number>();

  constructor(
    private readonly partners: PartnersRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Starts the work and returns at once; the promise is for tests and shutdown, and never rejects. */
  notifyFirst(event: ActivityEvent, occurrences: ActivityOccurrence[]): Promise<void> {
    const now = Date.now();
    const earliest = new Map<string, ActivityOccurrence>();
    for (const occurrence of occurrences) {
      if ((this.busyUntil.get(`${event}:${occurrence.partnerId}`) ?? 0) > now) continue;
      const known = earliest.get(occurrence.partnerId);
      if (!known || occurrence.at < known.at) earliest.set(occurrence.partnerId, occurrence);
    }
    if (earliest.size === 0) return Promise.resolve();
    for (const partnerId of earliest.keys()) this.busyUntil.set(`${event}:${partnerId}`, Number.POSITIVE_INFINITY);
    return this.deliver(event, [...earliest.values()]);
  }

  private async deliver(event: ActivityEvent, occurrences: ActivityOccurrence[]): Promise<void> {
    let pending: Set<string>;
    try {
      pending = new Set(await this.partners.notYetSignalled(event, occurrences.map((occurrence) => occurrence.partnerId)));
    } catch (error) {
      this.logger.warn(`could not look up partners' ${event}: ${String(error)}`);
      for (const occurrence of occurrences) this.backOff(event, occurrence.partnerId);
      return;
    }
    await Promise.all(
      occurrences.map(async (occurrence) => {
        // Already signalled partners are done for good: the column is set and stays set.
        const delivered = pending.has(occurrence.partnerId) ? await this.signal(event, occurrence) : await this.signalLater(event, occurrence);
        if (delivered) this.busyUntil.delete(`${event}:${occurrence.partnerId}`);
        else this.backOff(event, occurrence.partnerId);
      }),
    );
  }

  private backOff(event: ActivityEvent, partnerId: string): void {
    this.busyUntil.set(`${event}:${partnerId}`, Date.now() + RETRY_AFTER_MS);
  }

  /** A later conversion, throttled; never retried (the workflow's next database read covers a lost one). */
  private async signalLater(event: ActivityEvent, occurrence: ActivityOccurrence): Promise<true> {
    const last = this.laterConversionAt.get(occurrence.partnerId) ?? 0;
    if (event !== 'first_conversion' || Date.now() - last < LATER_CONVERSION_INTERVAL_MS) return true;
    if (this.laterConversionAt.size >= MAX_REMEMBERED_PARTNERS) this.laterConversionAt.clear();
    this.laterConversionAt.set(occurrence.partnerId, Date.now());
    try {
      await this.temporal.workflow
        .getHandle(partnerLifecycleWorkflowId(occurrence.partnerId))
        .signal(partnerActivitySignal, { event: 'conversion', at: occurrence.at.toISOString(), sourceId: occurrence.sourceId });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) this.logger.warn(`conversion signal to partner ${occurrence.partnerId} failed: ${String(error)}`);
    }
    return true;
  }

  private async signal(event: ActivityEvent, occurrence: ActivityOccurrence): Promise<boolean> {
    try {
      await this.temporal.workflow
        .getHandle(partnerLifecycleWorkflowId(occurrence.partnerId))
        .signal(partnerActivitySignal, { event, at: occurrence.at.toISOString(), sourceId: occurrence.sourceId });
    } catch (error) {
      // A closed workflow (rejected or terminated partner) has no drip left to inform.
      if (!(error instanceof WorkflowNotFoundError)) {
        this.logger.warn(`${event} signal to partner ${occurrence.partnerId} failed; retried with a later one: ${String(error)}`);
        return false;
      }
    }
    try {
      await this.partners.markSignalled(event, occurrence.partnerId, occurrence.at);
      return true;
    } catch (error) {
      this.logger.warn(`could not record ${event} of partner ${occurrence.partnerId}: ${String(error)}`);
      return false;
    }
  }
}

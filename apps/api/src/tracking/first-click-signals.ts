import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../common/tokens';
import { PartnerActivityNotifier, type ActivityOccurrence } from '../partners/partner-activity.notifier';
import { ClickRecorder } from './click-recorder';
import type { ClickRow } from './tracking.repository';

/** Notifications (a DB read, then one signal per partner) running at once. */
const MAX_CONCURRENT = 2;
const PARTNERS_PER_NOTIFICATION = 50;
/** Partners waiting for a notification at most; beyond, they are tried with a later click. */
const MAX_WAITING = 10_000;
/** After a try, a partner's clicks wait this long before another: a failed signal is retried with a click after it. */
export const FIRST_CLICK_RETRY_AFTER_MS = 30_000;
/** Deadline of a notification's signal calls, retries included (Temporal down or slow). */
const SIGNAL_DEADLINE_MS = 5_000;
/** How long a shutdown waits for notifications under way (the deadline plus the SDK's longest retry pause). */
const SHUTDOWN_WAIT_MS = 12_000;
/** Memory bound of the in-process sets below: past it they start over (costing one DB read per partner). */
const MAX_REMEMBERED_PARTNERS = 100_000;

/**
 * A partner's first creditable click goes to its lifecycle workflow (`partnerActivity` signal,
 * first_click) once the click is committed — after the redirect was answered, never in its way:
 * ClickRecorder reports committed batches here, and this only queues. PartnerActivityNotifier
 * signals, then sets first_click_at (only while null), so a failed signal is retried with a later
 * click and a repeat is harmless. In-process memory keeps the steady state free of queries:
 * partners whose link showed a first click are skipped, and a partner just tried waits
 * FIRST_CLICK_RETRY_AFTER_MS. Temporal being down costs a logged warning per try, nothing more.
 */
@Injectable()
export class FirstClickSignals implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('FirstClickSignals');
  private readonly settled = new Set<string>();
  private readonly triedUntil = new Map<string, number>();
  private readonly waiting = new Map<string, ActivityOccurrence>();
  private readonly underway = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly recorder: ClickRecorder,
    private readonly notifier: PartnerActivityNotifier,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  onModuleInit(): void {
    this.recorder.onCommitted((rows) => this.consider(rows));
  }

  /**
   * Waits for notifications under way, so none is cut off by the Temporal connection closing
   * (CoreModule's shutdown hook runs after this module's): the SDK would retry a cut-off call on
   * a closed channel and throw from a timer.
   */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    const givingUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)));
    await Promise.race([Promise.allSettled(this.underway), givingUp]);
    clearTimeout(timer);
  }

  /** The partner's first click is already recorded (its link was loaded with first_click_at set). */
  alreadyHasFirstClick(partnerId: string): void {
    if (this.settled.size >= MAX_REMEMBERED_PARTNERS) this.settled.clear();
    this.settled.add(partnerId);
  }

  private consider(rows: readonly ClickRow[]): void {
    const now = Date.now();
    for (const row of rows) {
      const { partnerId } = row;
      if (!row.creditable || this.settled.has(partnerId) || this.waiting.has(partnerId)) continue;
      if ((this.triedUntil.get(partnerId) ?? 0) > now) continue;
      if (this.waiting.size >= MAX_WAITING) break;
      this.waiting.set(partnerId, { partnerId, at: new Date(row.at), sourceId: row.id });
    }
    this.startNotifications();
  }

  private startNotifications(): void {
    while (!this.stopped && this.underway.size < MAX_CONCURRENT && this.waiting.size > 0) {
      const occurrences = [...this.waiting.values()].slice(0, PARTNERS_PER_NOTIFICATION);
      const retryAt = Date.now() + FIRST_CLICK_RETRY_AFTER_MS;
      if (this.triedUntil.size >= MAX_REMEMBERED_PARTNERS) this.triedUntil.clear();
      for (const { partnerId } of occurrences) {
        this.waiting.delete(partnerId);
        this.triedUntil.set(partnerId, retryAt);
      }
      const notification = this.notify(occurrences).finally(() => {
        this.underway.delete(notification);
        this.startNotifications();
      });
      this.underway.add(notification);
    }
  }

  private async notify(occurrences: ActivityOccurrence[]): Promise<void> {
    try {
      await this.temporal.connection.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () =>
        this.notifier.notifyFirst('first_click', occurrences),
      );
    } catch (error) {
      this.logger.warn(`first click of ${occurrences.length} partners not signalled yet (retried with a later click): ${String(error)}`);
    }
  }
}

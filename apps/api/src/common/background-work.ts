import { Injectable, Logger } from '@nestjs/common';

/** How long a shutdown waits for work under way: a Temporal call's 5 s deadline plus the SDK's longest retry pause. */
const SHUTDOWN_WAIT_MS = 12_000;

/**
 * Work started off a request's path (a signal after the commit, a catch-up at start) that must
 * still finish before the api's connections close. The Temporal SDK retries a failed call from a
 * timer; if the connection closes under it, that timer throws "Channel has been shut down" as an
 * uncaught exception. CoreModule waits for `settle()` before closing anything.
 */
@Injectable()
export class BackgroundWork {
  private readonly logger = new Logger('BackgroundWork');
  private readonly underway = new Set<Promise<unknown>>();

  /** Runs `work` without waiting for it; a rejection is logged under `what`, never thrown. */
  run(what: string, work: () => Promise<unknown>): void {
    const tracked = work()
      .catch((error: unknown) => this.logger.warn(`${what} failed: ${String(error)}`))
      .finally(() => this.underway.delete(tracked));
    this.underway.add(tracked);
  }

  /** Resolves once all work under way has finished, or after SHUTDOWN_WAIT_MS. */
  async settle(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const givingUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)));
    await Promise.race([Promise.allSettled([...this.underway]), givingUp]);
    clearTimeout(timer);
  }
}

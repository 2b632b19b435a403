import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { maskPii } from '@partnerflow/observability';

/**
 * Sign-in emails go out after the 202 is sent, so the answer takes as long, and says the same,
 * whether or not the address belongs to a partner (no account enumeration by timing). A send lost
 * to a crash is recovered by asking for another link; shutdown waits for the sends under way.
 */
@Injectable()
export class BackgroundMail implements OnApplicationShutdown {
  private readonly logger = new Logger('BackgroundMail');
  private readonly running = new Set<Promise<void>>();

  run(what: string, work: () => Promise<void>): void {
    const task = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) => this.logger.warn(maskPii(`${what} failed: ${error instanceof Error ? error.message : String(error)}`)))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

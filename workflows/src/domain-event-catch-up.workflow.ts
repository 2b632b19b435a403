import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '@partnerflow/activities';
import { catchUpDomainEventsSignal, NonRetryableFailure } from '@partnerflow/domain';

const sweeps = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: Object.values(NonRetryableFailure) },
});

/** Sweeps per run before continuing as new: keeps the history short. */
const SWEEPS_PER_RUN = 100;

/**
 * The outbox's safety net (`domain-events-catch-up-<taskQueue>`): producers start each event's
 * dispatch right after their commit; this starts the ones that were missed (a crash or a Temporal
 * outage in between) — every `intervalMinutes` on a durable timer, and at once when a worker
 * starts (the `catchUpDomainEvents` signal). Not the main path: an idle sweep finds nothing.
 */
export async function domainEventCatchUpWorkflow({ intervalMinutes = 5 }: { intervalMinutes?: number } = {}): Promise<void> {
  let asked = true;
  setHandler(catchUpDomainEventsSignal, () => {
    asked = true;
  });
  for (let sweep = 0; sweep < SWEEPS_PER_RUN; sweep += 1) {
    await condition(() => asked, `${intervalMinutes} minutes`);
    asked = false;
    await sweeps.dispatchStrandedDomainEvents();
  }
  await continueAsNew<typeof domainEventCatchUpWorkflow>({ intervalMinutes });
}

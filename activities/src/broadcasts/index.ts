import { createBroadcastCancellationActivities } from './broadcast-cancellation.activities';
import type { BroadcastDeliveryDeps } from './broadcast-delivery';
import { createBroadcastRecipientActivities } from './broadcast-recipients.activities';
import { createBroadcastSendingActivities } from './broadcast-sending.activities';

export type { BroadcastBatchResult } from './broadcast-sending.activities';
export type { ResolvedBroadcast } from './broadcast-recipients.activities';

/** Resolving a broadcast's recipients, sending it in batches, its reminders, and its cancellation. */
export function createBroadcastActivities(deps: BroadcastDeliveryDeps) {
  return { ...createBroadcastRecipientActivities(deps), ...createBroadcastSendingActivities(deps), ...createBroadcastCancellationActivities(deps) };
}

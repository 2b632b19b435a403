import type { DomainEvent } from '../events/domain-event';
import type { WebhookRetryPolicy } from './webhook-policy';

/** What a delivery workflow (`webhook-<deliveryId>`) is started with. */
export interface WebhookDeliveryInput {
  deliveryId: string;
  /** The endpoint's retry policy when the delivery was created: later edits do not change a running delivery. */
  retry: WebhookRetryPolicy;
}

/** One HTTP attempt as the delivery workflow sees it (the attempt itself is logged by the activity). */
export interface WebhookAttemptOutcome {
  /**
   * `cancelled`: the endpoint was disabled or deleted (or the delivery already ended), so nothing was sent.
   * `refused`: its host is (or resolves only to) an internal address, so nothing was sent and nothing will be.
   */
  outcome: 'succeeded' | 'failed' | 'cancelled' | 'refused';
  statusCode: number | null;
  error: string | null;
  /** This failure made the endpoint cross its disable threshold: it is now disabled (and audited). */
  endpointDisabled: boolean;
  endpointId: string;
}

/** patched() id of the delivery workflow's stop at a refused destination (before it, a refusal was retried like any failure). */
export const WEBHOOK_DESTINATION_GUARD_PATCH = 'webhook-destination-guard';

export interface WebhookDeliverySummary {
  deliveryId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  attempts: number;
  /** In words, for the history reader. */
  reason: string;
}

/** One delivery the dispatch workflow starts. */
export interface PlannedWebhookDelivery {
  deliveryId: string;
  endpointId: string;
  workflowId: string;
  retry: WebhookRetryPolicy;
}

export interface DomainEventDispatchPlan {
  event: DomainEvent;
  deliveries: PlannedWebhookDelivery[];
}

/**
 * The Standard Webhooks body: `type`, `timestamp` and `data`, plus the event id (also the
 * `webhook-id` header, the same on every retry and replay so receivers can drop repeats).
 */
export function webhookPayload(event: DomainEvent) {
  return {
    id: event.id,
    type: event.name,
    timestamp: event.occurredAt,
    programId: event.programId,
    partnerId: event.partnerId ?? null,
    subject: event.subject ?? null,
    data: event.data,
  };
}

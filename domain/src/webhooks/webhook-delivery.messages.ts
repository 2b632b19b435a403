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
  /** `cancelled`: the endpoint was disabled or deleted (or the delivery already ended), so nothing was sent. */
  outcome: 'succeeded' | 'failed' | 'cancelled';
  statusCode: number | null;
  error: string | null;
  /** This failure made the endpoint cross its disable threshold: it is now disabled (and audited). */
  endpointDisabled: boolean;
  endpointId: string;
}

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

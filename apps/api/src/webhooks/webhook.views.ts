import type { z } from 'zod';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '@partnerflow/db';
import { webhookPolicyOf, type DomainEventName } from '@partnerflow/domain';
import type { webhookDeliverySchema, webhookEndpointSchema } from './webhooks.schemas';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function webhookEndpointView(endpoint: WebhookEndpoint): z.infer<typeof webhookEndpointSchema> {
  const policy = webhookPolicyOf(endpoint.policy);
  return {
    id: endpoint.id,
    programId: endpoint.programId,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events as DomainEventName[],
    enabled: endpoint.enabled,
    alertEmails: endpoint.alertEmails,
    retry: policy.retry,
    disable: policy.disable,
    health: { consecutiveFailures: endpoint.consecutiveFailures, failingSince: iso(endpoint.failingSince), lastSuccessAt: iso(endpoint.lastSuccessAt) },
    disabled: endpoint.disabledAt ? { at: endpoint.disabledAt.toISOString(), reason: endpoint.disabledReason, notifiedAt: iso(endpoint.disabledNotifiedAt) } : null,
    createdAt: endpoint.createdAt.toISOString(),
  };
}

export function webhookDeliveryView(delivery: WebhookDelivery & { attemptLog: WebhookAttempt[] }): z.infer<typeof webhookDeliverySchema> {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventName: delivery.eventName,
    replay: delivery.replay,
    replayOf: delivery.replayOf,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    completedAt: iso(delivery.completedAt),
    workflowId: delivery.workflowId,
    createdAt: delivery.createdAt.toISOString(),
    attemptLog: delivery.attemptLog.map((attempt) => ({
      attempt: attempt.attempt,
      statusCode: attempt.statusCode,
      succeeded: attempt.succeeded,
      latencyMs: attempt.latencyMs,
      error: attempt.error,
      attemptedAt: attempt.attemptedAt.toISOString(),
    })),
  };
}

import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, WebhookAttempt } from '@partnerflow/db';
import {
  newId,
  NonRetryableFailure,
  webhookDisabledReason,
  webhookEndpointShouldBeDisabled,
  webhookPayload,
  webhookPolicyOf,
  type WebhookAttemptOutcome,
} from '@partnerflow/domain';
import { auditOnce } from '../audit-once';
import { domainEventOf } from '../events/record-domain-event';
import type { EmailActivityDeps } from '../email.activities';
import { checkWebhookDestination } from './webhook-destination';
import { postWebhook, type WebhookHttpResult } from './webhook-http';
import { webhookHeaders } from './webhook-signature';

export interface WebhookActivityDeps extends EmailActivityDeps {
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: deliveries may go to internal addresses too. Unset: refused (SSRF guard). */
  webhookAllowPrivateNetworks?: boolean;
}

export interface WebhookAttemptRequest {
  deliveryId: string;
  /** 1-based, counted by the delivery workflow: with the delivery, the attempt log's key. */
  attempt: number;
  /** When the workflow will try again if this attempt fails (null: it will not); shown on the delivery. */
  retryAt: string | null;
}

const outcomeOf = (attempt: WebhookAttempt, endpointId: string): WebhookAttemptOutcome => ({
  outcome: attempt.succeeded ? 'succeeded' : 'failed',
  statusCode: attempt.statusCode,
  error: attempt.error,
  endpointDisabled: false,
  endpointId,
});

/**
 * The endpoint's failure streak after this attempt (every delivery to it counts): a success
 * resets it; a failure extends it and, past the policy's threshold, disables the endpoint — a
 * guarded UPDATE, so of many deliveries failing together exactly one disables it and audits.
 */
async function updateStreak(tx: Prisma.TransactionClient, endpointId: string, http: WebhookHttpResult, at: Date, workflowId: string): Promise<boolean> {
  if (http.succeeded) {
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { consecutiveFailures: 0, failingSince: null, lastSuccessAt: at } });
    return false;
  }
  const [streak] = await tx.$queryRaw<{ consecutiveFailures: number; failingSince: Date; enabled: boolean; policy: unknown }[]>`
    UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, ${at})
    WHERE id = ${endpointId}
    RETURNING consecutive_failures AS "consecutiveFailures", failing_since AS "failingSince", enabled, policy`;
  if (!streak?.enabled || !webhookEndpointShouldBeDisabled(streak, webhookPolicyOf(streak.policy).disable, at)) return false;
  const reason = webhookDisabledReason(streak);
  const { count } = await tx.webhookEndpoint.updateMany({ where: { id: endpointId, enabled: true }, data: { enabled: false, disabledAt: at, disabledReason: reason, disabledNotifiedAt: null } });
  if (count === 0) return false;
  await auditOnce(tx, {
    actorType: 'system',
    actorId: workflowId,
    action: 'webhook_endpoint.disabled',
    targetType: 'webhook_endpoint',
    targetId: endpointId,
    before: { enabled: true },
    after: { enabled: false, consecutiveFailures: streak.consecutiveFailures, failingSince: streak.failingSince.toISOString() },
    reason,
    workflowId,
    idempotencyKey: `webhook_endpoint.disabled:${endpointId}:${at.toISOString()}`,
  });
  return true;
}

/** Nothing was sent: the guard refused the destination, or its host did not resolve. */
const notSent = (error: string): WebhookHttpResult => ({ succeeded: false, statusCode: null, latencyMs: 0, error, responseBody: null });

export function createWebhookDeliveryActivities({ prisma, webhookAllowPrivateNetworks = false }: Pick<WebhookActivityDeps, 'prisma' | 'webhookAllowPrivateNetworks'>) {
  const policy = { allowPrivateNetworks: webhookAllowPrivateNetworks };
  return {
    /**
     * One signed POST of the delivery's event, logged as an attempt (status, latency, error) with
     * the delivery's and the endpoint's state in one transaction. A retried activity finds its
     * attempt logged and answers it; a disabled or deleted endpoint gets nothing (`cancelled`).
     * The host is resolved and checked first, and the POST goes to the checked addresses: an
     * internal destination is not sent to (`refused`, logged with the reason, never worth a retry).
     */
    async attemptWebhookDelivery({ deliveryId, attempt, retryAt }: WebhookAttemptRequest): Promise<WebhookAttemptOutcome> {
      const delivery = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
      if (!delivery) throw ApplicationFailure.nonRetryable(`webhook delivery ${deliveryId} does not exist`, NonRetryableFailure.NOT_FOUND);
      const { endpoint } = delivery;
      const cancelled = (error: string): WebhookAttemptOutcome => ({ outcome: 'cancelled', statusCode: null, error, endpointDisabled: false, endpointId: endpoint.id });
      const logged = await prisma.webhookAttempt.findUnique({ where: { deliveryId_attempt: { deliveryId, attempt } } });
      if (logged) return outcomeOf(logged, endpoint.id);
      if (delivery.status === 'succeeded') return { outcome: 'succeeded', statusCode: delivery.lastStatusCode, error: null, endpointDisabled: false, endpointId: endpoint.id };
      if (delivery.status !== 'pending') return cancelled(`the delivery is ${delivery.status}`);
      if (endpoint.deletedAt) return cancelled('the endpoint was deleted');
      if (!endpoint.enabled) return cancelled(`the endpoint is disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}`);

      const event = await prisma.domainEvent.findUniqueOrThrow({ where: { id: delivery.eventId } });
      const body = JSON.stringify(webhookPayload(domainEventOf(event)));
      const destination = await checkWebhookDestination(endpoint.url, policy);
      const http =
        destination.outcome === 'connect'
          ? await postWebhook(endpoint.url, webhookHeaders(endpoint.secret, event.id, Math.floor(Date.now() / 1000), body), body, destination.lookup)
          : notSent(destination.reason);
      const refused = destination.outcome === 'refused';
      const at = new Date();

      return prisma.$transaction(async (tx): Promise<WebhookAttemptOutcome> => {
        const { count } = await tx.webhookAttempt.createMany({
          data: [{ id: newId('webhookAttempt'), deliveryId, attempt, statusCode: http.statusCode, succeeded: http.succeeded, latencyMs: http.latencyMs, error: http.error, responseBody: http.responseBody, attemptedAt: at }],
          skipDuplicates: true,
        });
        if (count === 0) return outcomeOf(await tx.webhookAttempt.findUniqueOrThrow({ where: { deliveryId_attempt: { deliveryId, attempt } } }), endpoint.id);
        await tx.webhookDelivery.update({
          where: { id: deliveryId },
          data: {
            attempts: attempt,
            lastStatusCode: http.statusCode,
            lastError: http.error,
            ...(http.succeeded ? { status: 'succeeded', completedAt: at, nextAttemptAt: null } : { nextAttemptAt: retryAt && !refused ? new Date(retryAt) : null }),
          },
        });
        // A refused attempt counts too: an endpoint that keeps pointing inside gets disabled, and the operators told.
        const endpointDisabled = await updateStreak(tx, endpoint.id, http, at, delivery.workflowId);
        const outcome = http.succeeded ? 'succeeded' : refused ? 'refused' : 'failed';
        return { outcome, statusCode: http.statusCode, error: http.error, endpointDisabled, endpointId: endpoint.id };
      });
    },

    /** Ends a delivery that will not be tried again: retry period over, or its endpoint disabled or deleted. */
    async finishWebhookDelivery({ deliveryId, status, reason }: { deliveryId: string; status: 'failed' | 'cancelled'; reason: string }): Promise<{ finished: boolean }> {
      const { count } = await prisma.webhookDelivery.updateMany({
        where: { id: deliveryId, status: 'pending' },
        data: { status, lastError: reason, nextAttemptAt: null, completedAt: new Date() },
      });
      return { finished: count === 1 };
    },
  };
}

export type WebhookDeliveryActivities = ReturnType<typeof createWebhookDeliveryActivities>;

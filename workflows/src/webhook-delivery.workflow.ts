import { patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '@partnerflow/activities';
import {
  NonRetryableFailure,
  WEBHOOK_DESTINATION_GUARD_PATCH,
  webhookRetryDelayMs,
  webhookRetryFits,
  type WebhookDeliveryInput,
  type WebhookDeliverySummary,
} from '@partnerflow/domain';

const nonRetryableErrorTypes = Object.values(NonRetryableFailure);

/**
 * An attempt's own failures (database, worker crash) retry quickly; the receiver's failures are
 * not activity failures at all: the attempt logs them and this workflow waits on a timer.
 */
const webhook = proxyActivities<Activities>({
  // 15 s for the receiver, the rest for the log.
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});
const alerts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 10, nonRetryableErrorTypes },
});

/** The sandbox's Date is the workflow clock: deterministic, and skipped ahead by the test server. */
const workflowNow = () => Date.now();

/**
 * One event to one endpoint (`webhook-<deliveryId>`): signed POSTs until one is answered 2xx, with
 * exponential backoff on durable timers for the endpoint's retry period. Each attempt is logged.
 * Stops without sending when the endpoint is disabled or deleted meanwhile, and without retrying
 * when the destination is refused (an internal address); the attempt that makes the endpoint
 * cross its failure threshold disables it, and this workflow tells the operators.
 */
export async function webhookDeliveryWorkflow({ deliveryId, retry }: WebhookDeliveryInput): Promise<WebhookDeliverySummary> {
  const firstAttemptAt = workflowNow();
  for (let attempt = 1; ; attempt += 1) {
    const delayMs = webhookRetryDelayMs(retry, attempt);
    const retryAtMs = workflowNow() + delayMs;
    const willRetry = webhookRetryFits(retry, firstAttemptAt, retryAtMs);
    const result = await webhook.attemptWebhookDelivery({ deliveryId, attempt, retryAt: willRetry ? new Date(retryAtMs).toISOString() : null });

    if (result.outcome === 'succeeded') return { deliveryId, status: 'succeeded', attempts: attempt, reason: `answered ${result.statusCode ?? '2xx'}` };
    if (result.outcome === 'cancelled') {
      const reason = result.error ?? 'the endpoint no longer takes deliveries';
      await webhook.finishWebhookDelivery({ deliveryId, status: 'cancelled', reason });
      return { deliveryId, status: 'cancelled', attempts: attempt - 1, reason };
    }
    // (patched: workflow code from before the guard retried a refusal like any failure, and its histories must replay so)
    if (result.outcome === 'refused' && patched(WEBHOOK_DESTINATION_GUARD_PATCH)) {
      const reason = `attempt ${attempt} was not sent: ${result.error}`;
      await webhook.finishWebhookDelivery({ deliveryId, status: 'failed', reason });
      if (result.endpointDisabled) await alerts.notifyWebhookEndpointDisabled({ endpointId: result.endpointId });
      return { deliveryId, status: 'failed', attempts: attempt, reason };
    }
    if (result.endpointDisabled) {
      const reason = `attempt ${attempt} failed (${result.error}) and disabled the endpoint: it kept failing`;
      await webhook.finishWebhookDelivery({ deliveryId, status: 'failed', reason });
      await alerts.notifyWebhookEndpointDisabled({ endpointId: result.endpointId });
      return { deliveryId, status: 'failed', attempts: attempt, reason };
    }
    if (!willRetry) {
      const reason = `gave up after ${attempt} attempt(s) over the ${retry.forMinutes}-minute retry period; last: ${result.error}`;
      await webhook.finishWebhookDelivery({ deliveryId, status: 'failed', reason });
      return { deliveryId, status: 'failed', attempts: attempt, reason };
    }
    await sleep(Math.max(retryAtMs - workflowNow(), 0));
  }
}

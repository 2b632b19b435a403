import type { Activities, WebhookAttemptRequest } from '@partnerflow/activities';
import type { DomainEvent, DomainEventDispatchPlan, WebhookAttemptOutcome } from '@partnerflow/domain';

/**
 * Activity stand-ins for the tests and replay captures of the dispatch and delivery workflows:
 * each delivery's attempts answer from a script (`500`, `200`, `disable`: a failure that disables
 * the endpoint, `gone`: the endpoint was deleted, `refused`: an internal destination), and every
 * call is logged. Never registered by the worker.
 */
export type ScriptedAnswer = number | 'disable' | 'gone' | 'refused';

export const TEST_EVENT: DomainEvent = {
  id: 'evt_test',
  name: 'commission.approved',
  programId: 'prg_test',
  partnerId: 'ptn_test',
  subject: { type: 'commission', id: 'com_test' },
  data: { commissionId: 'com_test', amount: { amount: '12.00', currency: 'EUR' } },
  occurredAt: '2026-01-01T00:00:00.000Z',
};

export function webhookStubs({ answers = {}, endpoints = ['whe_a'], notificationRules = false }: { answers?: Record<string, ScriptedAnswer[]>; endpoints?: string[]; notificationRules?: boolean } = {}) {
  const attempts: WebhookAttemptRequest[] = [];
  const finished: { deliveryId: string; status: string; reason: string }[] = [];
  const alerts: string[] = [];
  const notified: DomainEvent[] = [];
  const retry = { initialIntervalSeconds: 30, maxIntervalSeconds: 3_600, forMinutes: 4_320 };

  const activities: Partial<Activities> = {
    prepareDomainEventDispatch: async ({ eventId }): Promise<DomainEventDispatchPlan> => ({
      event: { ...TEST_EVENT, id: eventId },
      deliveries: endpoints.map((endpointId) => ({ deliveryId: `whd_${eventId}_${endpointId}`, endpointId, workflowId: `webhook-whd_${eventId}_${endpointId}`, retry })),
    }),
    attemptWebhookDelivery: async (request): Promise<WebhookAttemptOutcome> => {
      attempts.push(request);
      const answer = answers[request.deliveryId]?.[request.attempt - 1] ?? 200;
      const endpointId = request.deliveryId.split('_').slice(-2).join('_');
      if (answer === 'gone') return { outcome: 'cancelled', statusCode: null, error: 'the endpoint was deleted', endpointDisabled: false, endpointId };
      if (answer === 'refused') return { outcome: 'refused', statusCode: null, error: '127.0.0.1 is a loopback address', endpointDisabled: false, endpointId };
      const status = answer === 'disable' ? 500 : answer;
      const ok = status >= 200 && status < 300;
      return { outcome: ok ? 'succeeded' : 'failed', statusCode: status, error: ok ? null : `HTTP ${status}`, endpointDisabled: answer === 'disable', endpointId };
    },
    finishWebhookDelivery: async (request) => {
      finished.push(request);
      return { finished: true };
    },
    notifyWebhookEndpointDisabled: async ({ endpointId }) => {
      alerts.push(endpointId);
      return { notified: ['ops@example.com'], note: 'emailed 1 operator(s)' };
    },
  };
  if (notificationRules) {
    activities.applyNotificationRules = async (event) => {
      notified.push(event);
      return { eventId: event.id, ruleSetVersion: 0, rules: [], messageIds: [], deliveriesStarted: 0 };
    };
  }
  return { activities, attempts, finished, alerts, notified, retry };
}

import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '@partnerflow/activities';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { domainEventBatchDispatchWorkflow } from './domain-event-dispatch-batch.workflow';
import { domainEventDispatchWorkflow } from './domain-event-dispatch.workflow';
import { webhookStubs } from './webhook-delivery.test-stubs';

jest.setTimeout(120_000);

describe('domainEventDispatchWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function dispatch(stubs: ReturnType<typeof webhookStubs>, eventId: string) {
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs.activities as Activities });
    return worker.runUntil(async () => {
      const summary = await env.client.workflow.execute(domainEventDispatchWorkflow, { taskQueue, workflowId: `event-${eventId}`, args: [{ eventId }] });
      // The deliveries run on after the dispatch completed (abandoned children): wait for them too.
      for (const deliveryId of summary.webhookDeliveries) await env.client.workflow.getHandle(`webhook-${deliveryId}`).result();
      return summary;
    });
  }

  it('starts one delivery per subscribed endpoint and completes without waiting for their retries', async () => {
    const eventId = `evt_${randomUUID().slice(0, 8)}`;
    const stubs = webhookStubs({ endpoints: ['whe_a', 'whe_b'], answers: { [`whd_${eventId}_whe_b`]: [500, 200] } });
    const summary = await dispatch(stubs, eventId);
    expect(summary).toEqual({ eventId, name: 'commission.approved', webhookDeliveries: [`whd_${eventId}_whe_a`, `whd_${eventId}_whe_b`], notificationRules: 'not_registered' });
    expect(stubs.attempts.map((attempt) => `${attempt.deliveryId}#${attempt.attempt}`).sort()).toEqual([
      `whd_${eventId}_whe_a#1`,
      `whd_${eventId}_whe_b#1`,
      `whd_${eventId}_whe_b#2`,
    ]);
  });

  it('dispatches a bulk producer\'s batch from one workflow: each event\'s deliveries and notification rules, as its own dispatch would', async () => {
    const eventIds = [`evt_${randomUUID().slice(0, 8)}`, `evt_${randomUUID().slice(0, 8)}`];
    const stubs = webhookStubs({ endpoints: ['whe_a'], notificationRules: true, answers: { [`whd_${eventIds[1]}_whe_a`]: [500, 200] } });
    const planned: string[][] = [];
    const activities: Partial<Activities> = {
      ...stubs.activities,
      prepareDomainEventDispatches: async ({ eventIds: batch }) => {
        planned.push(batch);
        return Promise.all(batch.map((eventId) => stubs.activities.prepareDomainEventDispatch!({ eventId })));
      },
    };
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: activities as Activities });
    const summary = await worker.runUntil(async () => {
      const result = await env.client.workflow.execute(domainEventBatchDispatchWorkflow, { taskQueue, workflowId: `events-test-${eventIds[0]}`, args: [{ eventIds }] });
      for (const eventId of eventIds) await env.client.workflow.getHandle(`webhook-whd_${eventId}_whe_a`).result();
      return result;
    });
    expect(summary).toEqual({ events: 2, webhookDeliveries: 2, notificationRules: { applied: 2 } });
    expect(planned).toEqual([eventIds]);
    expect(stubs.notified.map((event) => event.id).sort()).toEqual([...eventIds].sort());
    expect(stubs.attempts.map((attempt) => `${attempt.deliveryId}#${attempt.attempt}`).sort()).toEqual(
      [`whd_${eventIds[0]}_whe_a#1`, `whd_${eventIds[1]}_whe_a#1`, `whd_${eventIds[1]}_whe_a#2`].sort(),
    );
  });

  it('hands the event to the notification rules when that activity is registered', async () => {
    const eventId = `evt_${randomUUID().slice(0, 8)}`;
    const stubs = webhookStubs({ endpoints: [], notificationRules: true });
    const summary = await dispatch(stubs, eventId);
    expect(summary.notificationRules).toBe('applied');
    expect(stubs.notified).toEqual([expect.objectContaining({ id: eventId, name: 'commission.approved', programId: 'prg_test' })]);
  });
});

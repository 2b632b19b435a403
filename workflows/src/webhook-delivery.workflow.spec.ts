import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '@partnerflow/activities';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { webhookDeliveryWorkflow } from './webhook-delivery.workflow';
import { webhookStubs } from './webhook-delivery.test-stubs';

jest.setTimeout(120_000);

describe('webhookDeliveryWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function deliver(stubs: ReturnType<typeof webhookStubs>, retry = stubs.retry) {
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs.activities as Activities });
    return worker.runUntil(
      env.client.workflow.execute(webhookDeliveryWorkflow, { taskQueue, workflowId: `webhook-${randomUUID()}`, args: [{ deliveryId: 'whd_evt_test_whe_a', retry }] }),
    );
  }

  it('retries after 500s with exponential backoff and stops at the first success', async () => {
    const stubs = webhookStubs({ answers: { whd_evt_test_whe_a: [500, 503, 200, 200] } });
    const summary = await deliver(stubs);
    expect(summary).toEqual({ deliveryId: 'whd_evt_test_whe_a', status: 'succeeded', attempts: 3, reason: 'answered 200' });
    expect(stubs.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
    // Each attempt announces when the next would be: 30 s, then 60 s, then 120 s after it.
    const gaps = stubs.attempts.slice(1).map((attempt, index) => Date.parse(attempt.retryAt!) - Date.parse(stubs.attempts[index].retryAt!));
    expect(gaps.map((gap) => Math.round(gap / 1000))).toEqual([60, 120]);
    expect(stubs.finished).toEqual([]);
  });

  it('gives up when the retry period is over, and says so on the delivery', async () => {
    const stubs = webhookStubs({ answers: { whd_evt_test_whe_a: Array(20).fill(500) } });
    // 60 s, 120 s, 240 s, then 300 s (the cap) would end past the 10 minutes.
    const summary = await deliver(stubs, { initialIntervalSeconds: 60, maxIntervalSeconds: 300, forMinutes: 10 });
    expect(summary.status).toBe('failed');
    expect(summary.attempts).toBe(4);
    expect(stubs.attempts.at(-1)?.retryAt).toBeNull();
    expect(stubs.finished).toEqual([{ deliveryId: 'whd_evt_test_whe_a', status: 'failed', reason: expect.stringMatching(/^gave up after 4 attempt\(s\) over the 10-minute retry period; last: HTTP 500/) }]);
  });

  it('tells the operators when its failure disables the endpoint, and stops', async () => {
    const stubs = webhookStubs({ answers: { whd_evt_test_whe_a: [500, 'disable'] } });
    const summary = await deliver(stubs);
    expect(summary).toMatchObject({ status: 'failed', attempts: 2 });
    expect(stubs.alerts).toEqual(['whe_a']);
    expect(stubs.finished).toEqual([expect.objectContaining({ status: 'failed', reason: expect.stringContaining('disabled the endpoint') })]);
  });

  it('stops at a refused destination without retrying, the reason on the delivery', async () => {
    const stubs = webhookStubs({ answers: { whd_evt_test_whe_a: [500, 'refused', 200] } });
    const summary = await deliver(stubs);
    expect(summary).toEqual({ deliveryId: 'whd_evt_test_whe_a', status: 'failed', attempts: 2, reason: 'attempt 2 was not sent: 127.0.0.1 is a loopback address' });
    expect(stubs.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2]);
    expect(stubs.finished).toEqual([{ deliveryId: 'whd_evt_test_whe_a', status: 'failed', reason: summary.reason }]);
    expect(stubs.alerts).toEqual([]);
  });

  it('sends nothing more once the endpoint is gone', async () => {
    const stubs = webhookStubs({ answers: { whd_evt_test_whe_a: [500, 'gone'] } });
    const summary = await deliver(stubs);
    expect(summary).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(stubs.finished).toEqual([{ deliveryId: 'whd_evt_test_whe_a', status: 'cancelled', reason: 'the endpoint was deleted' }]);
    expect(stubs.alerts).toEqual([]);
  });
});

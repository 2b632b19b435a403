// (Re)captures the histories of the domain event dispatch, webhook delivery, broadcast and
// catch-up workflows, like capture-histories.spec.ts (same command, same refusal to hide a
// non-deterministic change). broadcastWorkflow-*-before-broadcast-cancel.json are the histories of
// the code before cancelling (patch `broadcast-cancel`), kept for workflows started then:
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories
import type { Activities } from '@partnerflow/activities';
import {
  broadcastWorkflowId,
  cancelBroadcastUpdate,
  catchUpDomainEventsSignal,
  domainEventBatchDispatchWorkflowId,
  domainEventCatchUpWorkflowId,
  domainEventDispatchWorkflowId,
  webhookDeliveryWorkflowId,
} from '@partnerflow/domain';
import { broadcastWorkflow, domainEventBatchDispatchWorkflow, domainEventCatchUpWorkflow, domainEventDispatchWorkflow, webhookDeliveryWorkflow } from '@partnerflow/workflows';
import { broadcastStubs } from '../../workflows/src/broadcast.test-stubs';
import { webhookStubs } from '../../workflows/src/webhook-delivery.test-stubs';
import { completedHistory, save, settledHistory, useCaptureWorker, TASK_QUEUE } from './capture-support';

const CAPTURED_FILES = [
  `${domainEventDispatchWorkflow.name}-two-endpoints.json`,
  `${domainEventBatchDispatchWorkflow.name}-two-events.json`,
  `${webhookDeliveryWorkflow.name}-retried-then-succeeded.json`,
  `${webhookDeliveryWorkflow.name}-endpoint-disabled.json`,
  `${webhookDeliveryWorkflow.name}-waiting-to-retry.json`,
  `${webhookDeliveryWorkflow.name}-refused-destination.json`,
  `${broadcastWorkflow.name}-sent-and-reminded.json`,
  `${broadcastWorkflow.name}-scheduled.json`,
  `${broadcastWorkflow.name}-cancelled-mid-send.json`,
  `${broadcastWorkflow.name}-cancelled-while-scheduled.json`,
  `${domainEventCatchUpWorkflow.name}-waiting.json`,
];

const webhooks = webhookStubs({
  endpoints: ['whe_a', 'whe_b'],
  notificationRules: true,
  answers: { whd_replay_retried_whe_a: [500, 500, 200], whd_replay_disabled_whe_a: [500, 'disable'], whd_replay_waiting_whe_a: [503], whd_replay_refused_whe_a: ['refused'] },
});
const broadcasts = broadcastStubs({ recipients: 4, readers: [0] });
const activities: Partial<Activities> = {
  ...webhooks.activities,
  ...broadcasts.activities,
  dispatchStrandedDomainEvents: async () => ({ found: 1, started: 1 }),
  prepareDomainEventDispatches: async ({ eventIds }) => Promise.all(eventIds.map((eventId) => webhooks.activities.prepareDomainEventDispatch!({ eventId }))),
};
const retry = { initialIntervalSeconds: 1, maxIntervalSeconds: 60, forMinutes: 60 };

const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture domain event, webhook and broadcast histories (CAPTURE_HISTORIES is set)', () => {

  const capture = useCaptureWorker(CAPTURED_FILES, activities);

  const deliver = (deliveryId: string) =>
    capture.client.workflow.start(webhookDeliveryWorkflow, { workflowId: webhookDeliveryWorkflowId(deliveryId), taskQueue: TASK_QUEUE, args: [{ deliveryId, retry }] });

  it('an event dispatched to two endpoints and the notification rules', async () => {
    const handle = await capture.client.workflow.start(domainEventDispatchWorkflow, { workflowId: domainEventDispatchWorkflowId('evt_replay'), taskQueue: TASK_QUEUE, args: [{ eventId: 'evt_replay' }] });
    save(`${domainEventDispatchWorkflow.name}-two-endpoints.json`, await completedHistory(handle));
  });

  it('a bulk producer\'s batch of two events, each dispatched to two endpoints and the notification rules', async () => {
    const handle = await capture.client.workflow.start(domainEventBatchDispatchWorkflow, {
      workflowId: domainEventBatchDispatchWorkflowId('replay-batch'),
      taskQueue: TASK_QUEUE,
      args: [{ eventIds: ['evt_replay_b1', 'evt_replay_b2'] }],
    });
    save(`${domainEventBatchDispatchWorkflow.name}-two-events.json`, await completedHistory(handle));
  });

  it('a delivery retried after two 500s, then answered 200', async () => {
    const handle = await deliver('whd_replay_retried_whe_a');
    await settledHistory(handle, { activitiesCompleted: 1 });
    await capture.env.sleep('1 minute'); // (this client's result() does not skip time: the environment's sleep does)
    save(`${webhookDeliveryWorkflow.name}-retried-then-succeeded.json`, await completedHistory(handle));
  });

  it('a delivery whose failure disabled the endpoint', async () => {
    const handle = await deliver('whd_replay_disabled_whe_a');
    await settledHistory(handle, { activitiesCompleted: 1 });
    await capture.env.sleep('1 minute');
    save(`${webhookDeliveryWorkflow.name}-endpoint-disabled.json`, await completedHistory(handle));
  });

  it('a delivery waiting on its retry timer', async () => {
    const handle = await deliver('whd_replay_waiting_whe_a');
    save(`${webhookDeliveryWorkflow.name}-waiting-to-retry.json`, await settledHistory(handle, { activitiesCompleted: 1 }));
    await handle.terminate('captured');
  });

  it('a delivery refused: its destination is on an internal network', async () => {
    const handle = await deliver('whd_replay_refused_whe_a');
    save(`${webhookDeliveryWorkflow.name}-refused-destination.json`, await completedHistory(handle));
  });

  it('a compliance broadcast sent in batches and reminded twice', async () => {
    const handle = await capture.client.workflow.start(broadcastWorkflow, {
      workflowId: broadcastWorkflowId('brd_replay_sent'),
      taskQueue: TASK_QUEUE,
      args: [{ broadcastId: 'brd_replay_sent', programId: 'prg_replay', pace: { batchSize: 2, ratePerMinute: 120 }, reminders: { everyHours: 24, max: 2 } }],
    });
    // resolved, three batches (2, 2, none left) paced 1 s apart, marked sent: asleep until the first reminder
    await settledHistory(handle, { activitiesCompleted: 5 });
    await capture.env.sleep('3 days');
    save(`${broadcastWorkflow.name}-sent-and-reminded.json`, await completedHistory(handle));
  });

  it('a broadcast waiting for its schedule', async () => {
    const scheduleAt = new Date((await capture.env.currentTimeMs()) + 7 * 86_400_000).toISOString();
    const handle = await capture.client.workflow.start(broadcastWorkflow, {
      workflowId: broadcastWorkflowId('brd_replay_scheduled'),
      taskQueue: TASK_QUEUE,
      args: [{ broadcastId: 'brd_replay_scheduled', programId: 'prg_replay', scheduleAt, pace: { batchSize: 100, ratePerMinute: 600 } }],
    });
    save(`${broadcastWorkflow.name}-scheduled.json`, await settledHistory(handle, { activitiesCompleted: 0 }));
    await handle.terminate('captured');
  });

  const cancelRequest = { cancelledBy: 'key_replay', requestId: 'req_replay' };

  it('a broadcast cancelled between two batches', async () => {
    const handle = await capture.client.workflow.start(broadcastWorkflow, {
      workflowId: broadcastWorkflowId('brd_replay_cancelled'),
      taskQueue: TASK_QUEUE,
      args: [{ broadcastId: 'brd_replay_cancelled', programId: 'prg_replay', pace: { batchSize: 2, ratePerMinute: 2 }, reminders: { everyHours: 24, max: 1 } }],
    });
    // resolved, the first batch sent: waiting a minute before the next
    await settledHistory(handle, { activitiesCompleted: 2 });
    await handle.executeUpdate(cancelBroadcastUpdate, { args: [cancelRequest] });
    save(`${broadcastWorkflow.name}-cancelled-mid-send.json`, await completedHistory(handle));
  });

  it('a scheduled broadcast cancelled before it started', async () => {
    const scheduleAt = new Date((await capture.env.currentTimeMs()) + 7 * 86_400_000).toISOString();
    const handle = await capture.client.workflow.start(broadcastWorkflow, {
      workflowId: broadcastWorkflowId('brd_replay_cancelled_scheduled'),
      taskQueue: TASK_QUEUE,
      args: [{ broadcastId: 'brd_replay_cancelled_scheduled', programId: 'prg_replay', scheduleAt, pace: { batchSize: 100, ratePerMinute: 600 } }],
    });
    await settledHistory(handle, { activitiesCompleted: 0 });
    await handle.executeUpdate(cancelBroadcastUpdate, { args: [cancelRequest] });
    save(`${broadcastWorkflow.name}-cancelled-while-scheduled.json`, await completedHistory(handle));
  });

  it('the catch-up after its first sweep, asked again by a starting worker', async () => {
    const handle = await capture.client.workflow.signalWithStart(domainEventCatchUpWorkflow, {
      workflowId: domainEventCatchUpWorkflowId(TASK_QUEUE),
      taskQueue: TASK_QUEUE,
      args: [{}],
      signal: catchUpDomainEventsSignal,
      signalArgs: [],
    });
    await settledHistory(handle, { activitiesCompleted: 1 });
    await handle.signal(catchUpDomainEventsSignal);
    save(`${domainEventCatchUpWorkflow.name}-waiting.json`, await settledHistory(handle, { activitiesCompleted: 2 }));
    await handle.terminate('captured');
  });
});

import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { domainEventBatchDispatchWorkflowId, domainEventDispatchWorkflowId, MAX_EVENTS_PER_DISPATCH_BATCH, WorkflowKindAttribute } from '@partnerflow/domain';
import { currentActivity } from '../current-activity';

/** Starts at once per call: a release of a thousand commissions must not open a thousand requests together. */
const CONCURRENT_STARTS = 8;

/**
 * Starts the dispatch workflow `event-<id>` of each event. The workflow id is the idempotency:
 * an event whose dispatch already started (or ran) is skipped, never dispatched twice.
 * Throws on the first failure that is not "already started" (Temporal unreachable).
 */
export async function startDomainEventDispatches(client: Client, taskQueue: string, eventIds: string[]): Promise<number> {
  let started = 0;
  const queue = [...new Set(eventIds)];
  const worker = async () => {
    for (let eventId = queue.shift(); eventId; eventId = queue.shift()) {
      try {
        await client.workflow.start('domainEventDispatchWorkflow', {
          workflowId: domainEventDispatchWorkflowId(eventId),
          taskQueue,
          args: [{ eventId }],
          // A finished dispatch must not run again when the catch-up races the producer.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [{ key: WorkflowKindAttribute, value: 'domain-event' }],
        });
        started += 1;
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_STARTS, queue.length) }, worker));
  return started;
}

/**
 * Starts the dispatch of a bulk producer's batch of events (`events-<batchKey>`, one workflow for
 * all of them). The key names the batch, so starting it again is a no-op: false then.
 */
export async function startDomainEventBatchDispatch(client: Client, taskQueue: string, batchKey: string, eventIds: string[]): Promise<boolean> {
  try {
    await client.workflow.start('domainEventBatchDispatchWorkflow', {
      workflowId: domainEventBatchDispatchWorkflowId(batchKey),
      taskQueue,
      args: [{ eventIds }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: WorkflowKindAttribute, value: 'domain-event' }],
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/**
 * From inside an activity, after its transaction committed: starts the events' dispatch with the
 * worker's own client. Never fails the activity (its state change is committed): what could not
 * be started now is started by the catch-up. Outside a worker (activity tests) it does nothing.
 */
export async function dispatchDomainEventsFromActivity(eventIds: string[]): Promise<void> {
  const context = currentActivity();
  if (eventIds.length === 0 || !context) return;
  try {
    await startDomainEventDispatches(context.client, context.info.taskQueue, eventIds);
  } catch (error) {
    context.log.warn('domain events recorded but not dispatched yet: the catch-up will', { eventIds: eventIds.length, error: String(error) });
  }
}

/**
 * The same for a bulk producer's events (a payout snapshot batch's): one batch dispatch workflow
 * per MAX_EVENTS_PER_DISPATCH_BATCH events, `<batchKey>-<n>`, instead of one workflow per event.
 * `batchKey` must name this producer's batch stably, so a retry starts nothing twice.
 */
export async function dispatchDomainEventBatchesFromActivity(batchKey: string, eventIds: string[]): Promise<void> {
  const context = currentActivity();
  if (eventIds.length === 0 || !context) return;
  try {
    for (let start = 0; start < eventIds.length; start += MAX_EVENTS_PER_DISPATCH_BATCH) {
      const chunk = eventIds.slice(start, start + MAX_EVENTS_PER_DISPATCH_BATCH);
      await startDomainEventBatchDispatch(context.client, context.info.taskQueue, `${batchKey}-${start / MAX_EVENTS_PER_DISPATCH_BATCH}`, chunk);
    }
  } catch (error) {
    context.log.warn('domain events recorded but not dispatched yet: the catch-up will', { batchKey, eventIds: eventIds.length, error: String(error) });
  }
}

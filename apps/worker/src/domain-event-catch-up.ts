import { Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { catchUpDomainEventsSignal, domainEventCatchUpWorkflowId, WorkflowKindAttribute, type Env } from '@partnerflow/domain';

/**
 * On every worker start: make sure the outbox's catch-up workflow runs for this task queue, and
 * ask it to sweep now — events a crashed worker or api left undispatched go out without waiting
 * for its timer. Failing here must not stop the worker: the workflow keeps its own timer.
 */
export async function requestDomainEventCatchUp(connection: NativeConnection, env: Pick<Env, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'>): Promise<void> {
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  try {
    await client.workflow.signalWithStart('domainEventCatchUpWorkflow', {
      workflowId: domainEventCatchUpWorkflowId(env.TEMPORAL_TASK_QUEUE),
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      args: [{}],
      signal: catchUpDomainEventsSignal,
      signalArgs: [],
      typedSearchAttributes: [{ key: WorkflowKindAttribute, value: 'domain-event-catch-up' }],
    });
  } catch (error) {
    new Logger('DomainEventCatchUp').warn(`domain event catch-up not requested: ${error instanceof Error ? error.message : String(error)}`);
  }
}

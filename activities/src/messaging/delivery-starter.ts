import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { messageDeliveryStart, needsDeliveryWorkflow, type MessageDeliveryInput } from '@partnerflow/domain';

/** Starts at once per call: a segment of thousands must not open thousands of requests together. */
const CONCURRENT_STARTS = 8;

/**
 * Starts the delivery workflow of each post. Its id (`message-delivery-<postId>`) and the reuse
 * policy make a second start of the same post — a retried activity or request — a no-op, so a
 * post is delivered once. Throws when Temporal cannot be reached.
 */
export async function startMessageDeliveries(client: Client, taskQueue: string, inputs: MessageDeliveryInput[]): Promise<number> {
  const queue = inputs.filter(needsDeliveryWorkflow);
  let started = 0;
  const worker = async () => {
    for (let input = queue.shift(); input; input = queue.shift()) {
      try {
        await client.workflow.start('messageDeliveryWorkflow', {
          ...messageDeliveryStart(input),
          taskQueue,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
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

/** How an activity starts deliveries: the worker's own client and task queue by default. */
export type DeliveryStarter = (inputs: MessageDeliveryInput[]) => Promise<number>;

export const startDeliveriesFromActivity: DeliveryStarter = (inputs) => {
  const context = Context.current();
  // A failure here fails the activity, whose retry finds the rows recorded and starts them again.
  return startMessageDeliveries(context.client, context.info.taskQueue, inputs);
};

import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { DomainError, ErrorCode, messageDeliveryStart, type Env, type MessageDeliveryInput } from '@partnerflow/domain';
import { ENV, TEMPORAL_CLIENT } from '../common/tokens';

const START_TIMEOUT_MS = 5_000;

/** Starts message delivery workflows from the api, one per post (its id makes a second start a no-op). */
@Injectable()
export class MessageDeliveryGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async start(input: MessageDeliveryInput): Promise<void> {
    const start = () =>
      this.temporal.workflow.start('messageDeliveryWorkflow', {
        ...messageDeliveryStart(input),
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    try {
      // Bounded: the sender should hear "try again" in seconds, not wait out gRPC's retries.
      await this.temporal.connection.withDeadline(Date.now() + START_TIMEOUT_MS, start);
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'the workflow engine is unavailable, nothing was sent: send the message again in a moment');
    }
  }
}

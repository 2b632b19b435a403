import { Injectable } from '@nestjs/common';
import { isBookkeeping, readableHistory, type ReadableEvent } from '../history-events';
import { TemporalWorkflowsGateway } from '../temporal-workflows.gateway';

export interface WorkflowHistoryView {
  workflowId: string;
  runId: string | null;
  temporalUiUrl: string | null;
  events: ReadableEvent[];
}

/** A readable timeline of one execution (latest run unless `runId` is given). */
@Injectable()
export class GetWorkflowHistoryUseCase {
  constructor(private readonly workflows: TemporalWorkflowsGateway) {}

  async execute(workflowId: string, options: { runId?: string; verbose: boolean }): Promise<WorkflowHistoryView> {
    const events = await this.workflows.history(workflowId, options.runId);
    const runId =
      options.runId ?? events[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? null;
    const shown = options.verbose ? events : events.filter((event) => !isBookkeeping(event));
    return {
      workflowId,
      runId,
      temporalUiUrl: runId ? this.workflows.temporalUiUrl(workflowId, runId) : null,
      events: readableHistory(shown),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { isBookkeeping, readableHistory, type ReadableEvent } from '../history-events';
import { pendingTimers, type PendingActivityView, type PendingTimerView } from '../pending-work';
import { TemporalWorkflowsGateway } from '../temporal-workflows.gateway';

export interface WorkflowHistoryView {
  workflowId: string;
  runId: string | null;
  temporalUiUrl: string | null;
  status: string;
  configVersions: Record<string, unknown>;
  pending: { activities: PendingActivityView[]; timers: PendingTimerView[] };
  events: ReadableEvent[];
}

/**
 * A readable timeline of one execution (latest run unless `runId` is given), with what it waits
 * on now: activities in flight (attempts, last failure) and the timers that will wake it.
 */
@Injectable()
export class GetWorkflowHistoryUseCase {
  constructor(private readonly workflows: TemporalWorkflowsGateway) {}

  async execute(workflowId: string, options: { runId?: string; verbose: boolean }): Promise<WorkflowHistoryView> {
    const [events, state] = await Promise.all([
      this.workflows.history(workflowId, options.runId),
      this.workflows.state(workflowId, options.runId),
    ]);
    const runId =
      options.runId ?? events[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? null;
    const readable = readableHistory(events);
    const running = state.status === 'RUNNING';
    return {
      workflowId,
      runId,
      temporalUiUrl: runId ? this.workflows.temporalUiUrl(workflowId, runId) : null,
      status: state.status,
      configVersions: state.memo,
      pending: { activities: state.pendingActivities, timers: running ? pendingTimers(readable) : [] },
      events: options.verbose ? readable : readable.filter((event) => !isBookkeeping(event)),
    };
  }
}

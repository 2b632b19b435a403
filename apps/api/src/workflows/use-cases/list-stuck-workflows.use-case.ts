import { Injectable } from '@nestjs/common';
import { TemporalWorkflowsGateway, type WorkflowSummary } from '../temporal-workflows.gateway';
import { readableHistory } from '../history-events';
import { firstScheduledTimes, isFailing, isStuck, type PendingActivityView } from '../pending-work';
import { visibilityQuery } from '../visibility-query';

/** Describes this many executions at a time: enough to be quick, few enough not to crowd the frontend. */
const DESCRIBE_CONCURRENCY = 8;

export interface StuckWorkflow extends WorkflowSummary {
  stuckActivities: PendingActivityView[];
}

/**
 * Running workflows with an activity that has kept failing for at least `minutes`: an SMTP
 * server down, a database refusing writes, a provider rejecting credentials. Visibility cannot
 * filter on pending activities, so each running execution is described.
 */
@Injectable()
export class ListStuckWorkflowsUseCase {
  constructor(private readonly workflows: TemporalWorkflowsGateway) {}

  async execute(query: { minutes: number; kind?: string; programId?: string; partnerId?: string; limit: number }) {
    const filter = { kind: query.kind, programId: query.programId, partnerId: query.partnerId, status: 'running' as const };
    const running = await this.workflows.list(visibilityQuery(filter), query.limit);
    const now = new Date();
    const items: StuckWorkflow[] = [];
    for (let i = 0; i < running.length; i += DESCRIBE_CONCURRENCY) {
      const batch = running.slice(i, i + DESCRIBE_CONCURRENCY);
      // A workflow that finished since it was listed cannot be described: it is not stuck.
      const states = await Promise.all(batch.map((w) => this.workflows.state(w.workflowId, w.runId).catch(() => null)));
      // Only workflows with a failing activity have their history read (for its first schedule time).
      const firstScheduled = await Promise.all(
        batch.map((w, index) =>
          states[index]?.pendingActivities.some(isFailing)
            ? this.workflows.history(w.workflowId, w.runId).then((events) => firstScheduledTimes(readableHistory(events)), () => new Map<string, string>())
            : new Map<string, string>(),
        ),
      );
      batch.forEach((workflow, index) => {
        const stuckActivities = (states[index]?.pendingActivities ?? []).filter((activity) =>
          isStuck(activity, query.minutes, now, firstScheduled[index].get(activity.activityId) ?? null),
        );
        if (stuckActivities.length > 0) items.push({ ...workflow, stuckActivities });
      });
    }
    return { minutes: query.minutes, examined: running.length, items };
  }
}

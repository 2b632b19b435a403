import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { DomainError, ErrorCode, StageAttribute, WorkflowKindAttribute, type Env } from '@partnerflow/domain';
import { ENV, TEMPORAL_CLIENT } from '../common/tokens';
import { pendingActivities, type PendingActivityView } from './pending-work';

export interface WorkflowExecutionState {
  status: string;
  memo: Record<string, unknown>;
  pendingActivities: PendingActivityView[];
}

export interface WorkflowSummary {
  workflowId: string;
  runId: string;
  type: string;
  kind: string | null;
  stage: string | null;
  status: string;
  startTime: string;
  closeTime: string | null;
  temporalUiUrl: string | null;
}

/** The api's read access to Temporal: visibility queries and histories. */
@Injectable()
export class TemporalWorkflowsGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** `query` is a visibility query over our search attributes, e.g. `PartnerId = "ptn_…"`; empty lists all. */
  async list(query: string, limit = 100): Promise<WorkflowSummary[]> {
    const summaries: WorkflowSummary[] = [];
    for await (const execution of this.client.workflow.list({ query: query || undefined, pageSize: limit })) {
      summaries.push(this.summarize(execution));
      if (summaries.length >= limit) break;
    }
    return summaries.sort((a, b) => a.startTime.localeCompare(b.startTime));
  }

  async history(workflowId: string, runId?: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
    return this.orNotFound(workflowId, async () => {
      const history = await this.client.workflow.getHandle(workflowId, runId).fetchHistory();
      return history.events ?? [];
    });
  }

  /** Status, memo (the config version a run started with) and the activities in flight with their attempts. */
  async state(workflowId: string, runId?: string): Promise<WorkflowExecutionState> {
    return this.orNotFound(workflowId, async () => {
      const description = await this.client.workflow.getHandle(workflowId, runId).describe();
      return {
        status: description.status.name,
        memo: description.memo ?? {},
        pendingActivities: pendingActivities(description.raw.pendingActivities),
      };
    });
  }

  private async orNotFound<T>(workflowId: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError || (error as { code?: number }).code === 5) {
        throw new DomainError(ErrorCode.NOT_FOUND, `workflow ${workflowId} does not exist`);
      }
      throw error;
    }
  }

  temporalUiUrl(workflowId: string, runId: string): string | null {
    if (!this.env.TEMPORAL_UI_URL) return null;
    const base = this.env.TEMPORAL_UI_URL.replace(/\/$/, '');
    return `${base}/namespaces/${encodeURIComponent(this.env.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}/${runId}/history`;
  }

  private summarize(execution: WorkflowExecutionInfo): WorkflowSummary {
    return {
      workflowId: execution.workflowId,
      runId: execution.runId,
      type: execution.type,
      kind: execution.typedSearchAttributes.get(WorkflowKindAttribute) ?? null,
      stage: execution.typedSearchAttributes.get(StageAttribute) ?? null,
      status: execution.status.name,
      startTime: execution.startTime.toISOString(),
      closeTime: execution.closeTime?.toISOString() ?? null,
      temporalUiUrl: this.temporalUiUrl(execution.workflowId, execution.runId),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { TemporalWorkflowsGateway, type WorkflowSummary } from '../temporal-workflows.gateway';
import { visibilityQuery, type WorkflowFilter } from '../visibility-query';

/** Workflows by our search attributes (kind, stage, program, partner) and status, from Temporal's visibility. */
@Injectable()
export class ListWorkflowsUseCase {
  constructor(private readonly workflows: TemporalWorkflowsGateway) {}

  async execute(filter: WorkflowFilter & { limit: number }): Promise<{ items: WorkflowSummary[] }> {
    return { items: await this.workflows.list(visibilityQuery(filter), filter.limit) };
  }
}

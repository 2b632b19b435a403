import { Module } from '@nestjs/common';
import { TemporalWorkflowsGateway } from './temporal-workflows.gateway';
import { GetWorkflowHistoryUseCase } from './use-cases/get-workflow-history.use-case';
import { ListStuckWorkflowsUseCase } from './use-cases/list-stuck-workflows.use-case';
import { ListWorkflowsUseCase } from './use-cases/list-workflows.use-case';
import { WorkflowsController } from './workflows.controller';

@Module({
  controllers: [WorkflowsController],
  providers: [TemporalWorkflowsGateway, GetWorkflowHistoryUseCase, ListWorkflowsUseCase, ListStuckWorkflowsUseCase],
  exports: [TemporalWorkflowsGateway],
})
export class WorkflowsModule {}

import { Module } from '@nestjs/common';
import { TemporalWorkflowsGateway } from './temporal-workflows.gateway';
import { GetWorkflowHistoryUseCase } from './use-cases/get-workflow-history.use-case';
import { WorkflowsController } from './workflows.controller';

@Module({
  controllers: [WorkflowsController],
  providers: [TemporalWorkflowsGateway, GetWorkflowHistoryUseCase],
  exports: [TemporalWorkflowsGateway],
})
export class WorkflowsModule {}

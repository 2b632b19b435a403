import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { GetWorkflowHistoryUseCase } from './use-cases/get-workflow-history.use-case';
import { WorkflowHistoryDto, WorkflowHistoryQueryDto, WorkflowIdParamsDto } from './workflows.schemas';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('v1/workflows')
export class WorkflowsController {
  constructor(private readonly getHistory: GetWorkflowHistoryUseCase) {}

  @Get(':workflowId/history')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: WorkflowHistoryDto, description: 'readable timeline of the execution' })
  history(@Param() { workflowId }: WorkflowIdParamsDto, @Query() query: WorkflowHistoryQueryDto) {
    return this.getHistory.execute(workflowId, query);
  }
}

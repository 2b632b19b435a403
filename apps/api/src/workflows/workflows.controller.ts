import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { GetWorkflowHistoryUseCase } from './use-cases/get-workflow-history.use-case';
import { ListStuckWorkflowsUseCase } from './use-cases/list-stuck-workflows.use-case';
import { ListWorkflowsUseCase } from './use-cases/list-workflows.use-case';
import {
  StuckWorkflowsDto,
  StuckWorkflowsQueryDto,
  WorkflowHistoryDto,
  WorkflowHistoryQueryDto,
  WorkflowIdParamsDto,
  WorkflowListDto,
  WorkflowListQueryDto,
} from './workflows.schemas';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('v1/workflows')
export class WorkflowsController {
  constructor(
    private readonly listWorkflows: ListWorkflowsUseCase,
    private readonly listStuck: ListStuckWorkflowsUseCase,
    private readonly getHistory: GetWorkflowHistoryUseCase,
  ) {}

  @Get()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: WorkflowListDto, description: 'workflows by kind, stage, program, partner and status' })
  list(@Query() query: WorkflowListQueryDto) {
    return this.listWorkflows.execute(query);
  }

  @Get('stuck')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: StuckWorkflowsDto, description: 'running workflows with an activity failing for at least `minutes`' })
  stuck(@Query() query: StuckWorkflowsQueryDto) {
    return this.listStuck.execute(query);
  }

  @Get(':workflowId/history')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: WorkflowHistoryDto, description: 'readable timeline of the execution and what it waits on' })
  history(@Param() { workflowId }: WorkflowIdParamsDto, @Query() query: WorkflowHistoryQueryDto) {
    return this.getHistory.execute(workflowId, query);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import { Roles } from '../common/auth/auth.decorators';
import { CommissionDecisionDto, DecisionAcceptedDto, TaskIdParamsDto, TaskListQueryDto, TaskPageDto } from './tasks.schemas';
import { DecideCommissionReviewUseCase } from './use-cases/decide-commission-review.use-case';
import { ListTasksUseCase } from './use-cases/list-tasks.use-case';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(
    private readonly listTasks: ListTasksUseCase,
    private readonly decideCommission: DecideCommissionReviewUseCase,
  ) {}

  /** Pending human decisions; managers decide them, viewers may look. */
  @Get()
  @Roles('manager', 'viewer', 'finance')
  @ZodResponse({ status: 200, type: TaskPageDto, description: 'the operators\' queue, oldest first' })
  list(@Query() query: TaskListQueryDto) {
    return this.listTasks.execute(query);
  }

  /** A flagged commission's review: money decisions belong to managers and finance. */
  @Post(':taskId/decision')
  @Roles('manager', 'finance')
  @HttpCode(202)
  @ZodResponse({ status: 202, type: DecisionAcceptedDto, description: 'the hold workflow has the decision and carries it out' })
  decide(@Param() { taskId }: TaskIdParamsDto, @Body() body: CommissionDecisionDto, @Req() request: AuthenticatedRequest) {
    // (the guard has authenticated the operator before any handler runs)
    return this.decideCommission.execute(taskId, body, request.operator!);
  }
}

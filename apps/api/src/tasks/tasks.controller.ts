import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Roles } from '../common/auth/auth.decorators';
import { TaskListQueryDto, TaskPageDto } from './tasks.schemas';
import { ListTasksUseCase } from './use-cases/list-tasks.use-case';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly listTasks: ListTasksUseCase) {}

  /** Pending human decisions; managers decide them, viewers may look. */
  @Get()
  @Roles('manager', 'viewer')
  @ZodResponse({ status: 200, type: TaskPageDto, description: 'the operators\' queue, oldest first' })
  list(@Query() query: TaskListQueryDto) {
    return this.listTasks.execute(query);
  }
}

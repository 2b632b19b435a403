import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { DecideCommissionReviewUseCase } from './use-cases/decide-commission-review.use-case';
import { ListTasksUseCase } from './use-cases/list-tasks.use-case';

@Module({ controllers: [TasksController], providers: [TasksRepository, ListTasksUseCase, DecideCommissionReviewUseCase] })
export class TasksModule {}

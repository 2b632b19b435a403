import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { ListTasksUseCase } from './use-cases/list-tasks.use-case';

@Module({ controllers: [TasksController], providers: [TasksRepository, ListTasksUseCase] })
export class TasksModule {}

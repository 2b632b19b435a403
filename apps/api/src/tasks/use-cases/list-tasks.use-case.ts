import { Injectable } from '@nestjs/common';
import { pageOf } from '../../common/http/pagination';
import { taskView } from '../task.views';
import { TasksRepository } from '../tasks.repository';
import type { TaskListQuery } from '../tasks.schemas';

/** The operators' queue: applications waiting for a review decision, oldest first. */
@Injectable()
export class ListTasksUseCase {
  constructor(private readonly tasks: TasksRepository) {}

  async execute({ status, kind, programId, limit, cursor }: TaskListQuery) {
    const rows = await this.tasks.list({ status, kind, program: programId, limit, cursor });
    const page = pageOf(rows, limit);
    return { items: page.items.map(taskView), nextCursor: page.nextCursor };
  }
}

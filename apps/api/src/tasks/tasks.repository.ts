import { Inject, Injectable } from '@nestjs/common';
import type { OperatorTask, Partner, PrismaClient, Program, TaskKind, TaskStatus } from '@partnerflow/db';
import { PRISMA } from '../common/tokens';

export type TaskWithPartner = OperatorTask & { partner: Partner & { program: Program } };

export interface TaskFilter {
  status: TaskStatus;
  kind?: TaskKind;
  /** Id or slug. */
  program?: string;
  limit: number;
  cursor?: string;
}

/**
 * The only path to Prisma for the operators' task queue. Read-only here: the rows are written by
 * the workflows that wait for the decisions (activities/src/review-tasks.activities.ts says why).
 */
@Injectable()
export class TasksRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Oldest first (task ids sort by creation), one more than asked so the caller knows of a next page. */
  list({ status, kind, program, limit, cursor }: TaskFilter): Promise<TaskWithPartner[]> {
    return this.prisma.operatorTask.findMany({
      where: {
        status,
        ...(kind ? { kind } : {}),
        ...(program ? { partner: { program: { OR: [{ id: program }, { slug: program }] } } } : {}),
        ...(cursor ? { id: { gt: cursor } } : {}),
      },
      include: { partner: { include: { program: true } } },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  findById(id: string): Promise<OperatorTask | null> {
    return this.prisma.operatorTask.findUnique({ where: { id } });
  }
}

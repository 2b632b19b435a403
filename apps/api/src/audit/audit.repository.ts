import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry, Prisma, PrismaClient } from '@partnerflow/db';
import { PRISMA } from '../common/tokens';

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actorId?: string;
  action?: string;
  actionPrefix?: string;
  from?: Date;
  to?: Date;
}

/** The only path to Prisma for reading the audit log (every domain appends its own entries). */
@Injectable()
export class AuditRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Oldest first; ids sort by creation time, so the last id of a page is the cursor of the next. */
  list(filter: AuditFilter, limit: number, cursor?: string): Promise<AuditEntry[]> {
    const where: Prisma.AuditEntryWhereInput = {
      ...(filter.targetType ? { targetType: filter.targetType } : {}),
      ...(filter.targetId ? { targetId: filter.targetId } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actionPrefix ? { action: { startsWith: filter.actionPrefix } } : {}),
      ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
      ...(cursor ? { id: { gt: cursor } } : {}),
    };
    return this.prisma.auditEntry.findMany({ where, orderBy: { id: 'asc' }, take: limit + 1 });
  }
}

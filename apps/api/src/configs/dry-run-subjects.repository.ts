import { Inject, Injectable } from '@nestjs/common';
import { latestActivity } from '@partnerflow/activities';
import type { Partner, PrismaClient } from '@partnerflow/db';
import type { LatestActivity } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';

/** Read-only: the partners a config dry run is run for, as the workflows would see them. */
@Injectable()
export class DryRunSubjectsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findPartner(programId: string, partnerId: string): Promise<Partner | null> {
    return this.prisma.partner.findFirst({ where: { id: partnerId, programId } });
  }

  /** When the partner was approved: its first recorded move to ACTIVE, if any. */
  async approvedAt(partnerId: string): Promise<Date | null> {
    const entry = await this.prisma.auditEntry.findFirst({
      where: {
        targetType: 'partner',
        targetId: partnerId,
        action: 'partner.stage_changed',
        after: { path: ['stage'], equals: 'ACTIVE' },
      },
      orderBy: { at: 'asc' },
    });
    return entry?.at ?? null;
  }

  /** The partner's latest creditable click or credited conversion, read as the lifecycle's inactivity check reads it. */
  latestActivity(partnerId: string): Promise<LatestActivity | null> {
    return latestActivity(this.prisma, partnerId);
  }
}

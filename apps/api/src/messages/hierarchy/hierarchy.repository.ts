import { Inject, Injectable } from '@nestjs/common';
import { downlineOf, uplineOf, type DownlineMember } from '@partnerflow/activities';
import { type Partner, type PrismaClient } from '@partnerflow/db';
import { MAX_HIERARCHY_DEPTH, newId } from '@partnerflow/domain';
import { PRISMA } from '../../common/tokens';
import type { OperatorAction } from '../../programs/programs.repository';

export class HierarchyCycleError extends Error {}
export class HierarchyTooDeepError extends Error {}

/** The only path to Prisma for the IB hierarchy (partners.parent_partner_id). */
@Injectable()
export class HierarchyRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findPartner(id: string): Promise<Partner | null> {
    return this.prisma.partner.findUnique({ where: { id } });
  }

  findPartners(ids: string[]): Promise<Partner[]> {
    return this.prisma.partner.findMany({ where: { id: { in: ids } } });
  }

  downline(rootId: string, depth?: number): Promise<DownlineMember[]> {
    return downlineOf(this.prisma, rootId, depth);
  }

  upline(partnerId: string): Promise<string[]> {
    return uplineOf(this.prisma, partnerId);
  }

  /**
   * Moves a partner (with its downline) under a new parent, or detaches it. Hierarchy changes of a
   * program are serialised by an advisory lock, so two moves cannot together close a cycle that
   * each alone would not; the checks run inside that lock.
   */
  async setParent(partner: Partner, parentId: string | null, action: OperatorAction): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`hierarchy:${partner.programId}`}))`;
      if (parentId !== null) {
        const aboveParent = await uplineOf(tx, parentId);
        if (parentId === partner.id || aboveParent.includes(partner.id)) throw new HierarchyCycleError();
        const below = await downlineOf(tx, partner.id);
        const deepest = below.reduce((max, member) => Math.max(max, member.depth), 0);
        if (aboveParent.length + 1 + deepest > MAX_HIERARCHY_DEPTH) throw new HierarchyTooDeepError();
      }
      const before = await tx.partner.findUniqueOrThrow({ where: { id: partner.id }, select: { parentPartnerId: true } });
      if (before.parentPartnerId === parentId) return;
      await tx.partner.update({ where: { id: partner.id }, data: { parentPartnerId: parentId } });
      await tx.auditEntry.create({
        data: {
          id: newId('audit'),
          actorType: 'operator',
          actorId: action.operatorKeyId,
          action: 'partner.parent_changed',
          targetType: 'partner',
          targetId: partner.id,
          before: { parentPartnerId: before.parentPartnerId },
          after: { parentPartnerId: parentId },
          requestId: action.requestId,
        },
      });
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type Link, type PartnerStage, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

export type NewLink = Omit<Prisma.LinkUncheckedCreateInput, 'createdAt'>;
/** A click as ClickRecorder holds it and ClickStore writes it (the one write that bypasses Prisma). */
export type ClickRow = Prisma.ClickCreateManyInput;

/** What a redirect needs about a link: the row, its partner's stage right now and whether it has a first click. */
export type LinkWithPartnerStage = Link & { partner: { stage: PartnerStage; firstClickAt: Date | null } };

export class DuplicateSlugError extends Error {}

/** The only path to Prisma for links and clicks. */
@Injectable()
export class TrackingRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The partner fields link creation checks (partners are owned by the partners module). */
  findPartner(partnerId: string): Promise<{ id: string; programId: string; stage: PartnerStage } | null> {
    return this.prisma.partner.findUnique({ where: { id: partnerId }, select: { id: true, programId: true, stage: true } });
  }

  /** Stores the link with its audit entry; a slug already taken throws DuplicateSlugError. */
  async createLink(link: NewLink, action: OperatorAction): Promise<Link> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const created = await tx.link.create({ data: link });
        await tx.auditEntry.create({
          data: {
            id: newId('audit'),
            actorType: action.actorType ?? 'operator',
            actorId: action.operatorKeyId,
            action: 'link.created',
            targetType: 'link',
            targetId: created.id,
            after: { partnerId: created.partnerId, slug: created.slug, destination: created.destination },
            requestId: action.requestId,
          },
        });
        return created;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new DuplicateSlugError();
      throw error;
    }
  }

  listLinks(partnerId: string, limit: number, cursor?: string): Promise<Link[]> {
    return this.prisma.link.findMany({
      where: { partnerId, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  findLinkBySlug(slug: string): Promise<LinkWithPartnerStage | null> {
    return this.prisma.link.findUnique({ where: { slug }, include: { partner: { select: { stage: true, firstClickAt: true } } } });
  }
}

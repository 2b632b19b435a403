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
export class DuplicateIdempotencyKeyError extends Error {}

const linkCreationKey = (partnerId: string, key: string) => `link.created:${partnerId}:${key}`;

/** The only path to Prisma for links and clicks. */
@Injectable()
export class TrackingRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The partner fields link creation checks (partners are owned by the partners module). */
  findPartner(partnerId: string): Promise<{ id: string; programId: string; stage: PartnerStage } | null> {
    return this.prisma.partner.findUnique({ where: { id: partnerId }, select: { id: true, programId: true, stage: true } });
  }

  /**
   * The link an earlier request with this Idempotency-Key created for the partner: its audit
   * entry carries the key (`link.created:<partnerId>:<key>`), so the key costs no column.
   */
  async findLinkByIdempotencyKey(partnerId: string, key: string): Promise<Link | null> {
    const entry = await this.prisma.auditEntry.findUnique({ where: { idempotencyKey: linkCreationKey(partnerId, key) }, select: { targetId: true } });
    return entry ? this.prisma.link.findUnique({ where: { id: entry.targetId } }) : null;
  }

  /**
   * Stores the link with its audit entry; a slug already taken throws DuplicateSlugError, and an
   * Idempotency-Key another request took meanwhile throws DuplicateIdempotencyKeyError.
   */
  async createLink(link: NewLink, action: OperatorAction, idempotencyKey?: string): Promise<Link> {
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
            idempotencyKey: idempotencyKey === undefined ? null : linkCreationKey(link.partnerId, idempotencyKey),
          },
        });
        return created;
      });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
      if (idempotencyKey !== undefined && (await this.findLinkByIdempotencyKey(link.partnerId, idempotencyKey))) throw new DuplicateIdempotencyKeyError();
      throw new DuplicateSlugError();
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

import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type Link, type PartnerStage, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

export type NewLink = Omit<Prisma.LinkUncheckedCreateInput, 'createdAt'>;
export type ClickRow = Prisma.ClickCreateManyInput;

/** What a redirect needs about a link: the row and its partner's stage right now. */
export type LinkWithPartnerStage = Link & { partner: { stage: PartnerStage } };

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
            actorType: 'operator',
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
    return this.prisma.link.findUnique({ where: { slug }, include: { partner: { select: { stage: true } } } });
  }

  /**
   * One INSERT for a batch of clicks, one array parameter per column (`unnest`), so its cost
   * hardly grows with the batch: createMany builds and checks a parameter per value, which costs
   * more CPU than the rest of a redirect. A click id already stored is skipped, so retrying a
   * batch whose first attempt committed without us hearing back writes nothing twice.
   */
  async insertClicks(rows: ClickRow[]): Promise<void> {
    const column = <T>(pick: (row: ClickRow) => T) => rows.map(pick);
    await this.prisma.$executeRaw`
      INSERT INTO clicks (id, at, link_id, partner_id, program_id, ip_hash, user_agent, referrer, country,
                          sub1, sub2, sub3, sub4, sub5, is_bot, creditable)
      SELECT * FROM unnest(
        ${column((r) => r.id)}::text[], ${column((r) => new Date(r.at).toISOString())}::timestamptz[],
        ${column((r) => r.linkId)}::text[], ${column((r) => r.partnerId)}::text[], ${column((r) => r.programId)}::text[],
        ${column((r) => r.ipHash ?? null)}::text[], ${column((r) => r.userAgent ?? null)}::text[],
        ${column((r) => r.referrer ?? null)}::text[], ${column((r) => r.country ?? null)}::char(2)[],
        ${column((r) => r.sub1 ?? null)}::text[], ${column((r) => r.sub2 ?? null)}::text[], ${column((r) => r.sub3 ?? null)}::text[],
        ${column((r) => r.sub4 ?? null)}::text[], ${column((r) => r.sub5 ?? null)}::text[],
        ${column((r) => r.isBot)}::boolean[], ${column((r) => r.creditable)}::boolean[])
      ON CONFLICT (id) DO NOTHING`;
  }
}

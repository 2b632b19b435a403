import { Inject, Injectable } from '@nestjs/common';
import type { Creative, CreativeStatus, Prisma, PrismaClient } from '@partnerflow/db';
import { recordDomainEvents } from '@partnerflow/activities';
import { newId } from '@partnerflow/domain';
import { auditEntryOf, type OperatorAction } from '../audit/audit-entry';
import { PRISMA } from '../common/tokens';
import { creativeDeprecatedEvent, creativePublishedEvent } from './creative.events';

export type NewCreative = Pick<Prisma.CreativeUncheckedCreateInput, 'programId' | 'title' | 'kind' | 'url' | 'description'>;

/** A write's outcome: `changed` false when the creative already was in the asked state; events to dispatch after the commit. */
export interface CreativeChange {
  creative: Creative;
  changed: boolean;
  eventIds: string[];
}

type Tx = Prisma.TransactionClient;

const auditAfter = (creative: Creative): Prisma.InputJsonObject => ({ programId: creative.programId, title: creative.title, kind: creative.kind, url: creative.url, status: creative.status });

/** The only path to Prisma for creatives; every write is audited, and a publish records its event, in one transaction. */
@Injectable()
export class CreativesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findById(id: string): Promise<Creative | null> {
    return this.prisma.creative.findUnique({ where: { id } });
  }

  /** Newest first, one more than asked (the next page's sign). */
  list(programId: string, { status, limit, cursor }: { status?: CreativeStatus; limit: number; cursor?: string }): Promise<Creative[]> {
    return this.prisma.creative.findMany({
      where: { programId, ...(status ? { status } : {}), ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
  }

  async create(input: NewCreative, publish: boolean, action: OperatorAction): Promise<CreativeChange> {
    return this.prisma.$transaction(async (tx) => {
      const now = new Date();
      const creative = await tx.creative.create({
        data: { ...input, id: newId('creative'), status: publish ? 'published' : 'draft', publishedAt: publish ? now : null, createdBy: action.operatorKeyId },
      });
      await tx.auditEntry.create({ data: auditEntryOf(action, { action: 'creative.created', targetType: 'creative', targetId: creative.id, after: auditAfter(creative) }) });
      const eventIds = publish ? await this.recordPublished(tx, creative, action) : [];
      return { creative, changed: true, eventIds };
    });
  }

  /**
   * Draft → published. The conditional update makes a concurrent second publish find nothing to
   * change (and record nothing); the event's key would refuse a second one anyway.
   */
  async publish(id: string, action: OperatorAction): Promise<CreativeChange> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.creative.updateMany({ where: { id, status: 'draft' }, data: { status: 'published', publishedAt: new Date() } });
      const creative = await tx.creative.findUniqueOrThrow({ where: { id } });
      if (count === 0) return { creative, changed: false, eventIds: [] };
      return { creative, changed: true, eventIds: await this.recordPublished(tx, creative, action) };
    });
  }

  /** Draft or published → deprecated, with the reason partners are given (told when it was published). */
  async deprecate(id: string, reason: string | null, action: OperatorAction): Promise<CreativeChange> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.creative.findUniqueOrThrow({ where: { id } });
      const { count } = await tx.creative.updateMany({
        where: { id, status: { in: ['draft', 'published'] } },
        data: { status: 'deprecated', deprecatedAt: new Date(), deprecationReason: reason },
      });
      const creative = await tx.creative.findUniqueOrThrow({ where: { id } });
      if (count === 0) return { creative, changed: false, eventIds: [] };
      await tx.auditEntry.create({
        data: auditEntryOf(action, {
          action: 'creative.deprecated',
          targetType: 'creative',
          targetId: id,
          before: { status: before.status },
          after: { status: creative.status, reason },
        }),
      });
      return { creative, changed: true, eventIds: before.status === 'published' ? await recordDomainEvents(tx, [creativeDeprecatedEvent(creative)]) : [] };
    });
  }

  private async recordPublished(tx: Tx, creative: Creative, action: OperatorAction): Promise<string[]> {
    await tx.auditEntry.create({
      data: auditEntryOf(action, { action: 'creative.published', targetType: 'creative', targetId: creative.id, after: auditAfter(creative) }),
    });
    return recordDomainEvents(tx, [creativePublishedEvent(creative)]);
  }
}

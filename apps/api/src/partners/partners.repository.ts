import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type Partner, type PrismaClient } from '@partnerflow/db';
import { newId, type AuditRow, type MessageRow, type PartnerActivity, type TimelinePosition } from '@partnerflow/domain';

type PartnerActivityEvent = PartnerActivity['event'];
import { PRISMA } from '../common/tokens';

export type NewPartner = Omit<
  Prisma.PartnerUncheckedCreateInput,
  'stage' | 'stageChangedAt' | 'createdAt' | 'updatedAt' | 'workflowStartedAt'
>;

export class DuplicateApplicationError extends Error {}

/** Rows strictly after a timeline position, by time then id (the timeline's order). */
const afterPosition = <Column extends 'at' | 'createdAt'>(column: Column, after: TimelinePosition | undefined) =>
  after ? { OR: [{ [column]: { gt: after.at } }, { [column]: after.at, id: { gt: after.id } }] } : {};

const FIRST_AT_COLUMN = { first_click: 'firstClickAt', first_conversion: 'firstConversionAt' } as const;

/** The only path to Prisma for partners and what hangs off them (messages). */
@Injectable()
export class PartnersRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Stores the application and its audit entry together; a second one for the email and
   * application number throws. A re-application names the rejected application it follows.
   */
  async createApplication(
    partner: NewPartner,
    requestId: string | undefined,
    previousApplicationId?: string,
  ): Promise<Partner> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const created = await tx.partner.create({ data: partner });
        await tx.auditEntry.create({
          data: {
            id: newId('audit'),
            actorType: 'public',
            actorId: created.email,
            action: previousApplicationId ? 'partner.reapplied' : 'partner.applied',
            targetType: 'partner',
            targetId: created.id,
            after: {
              stage: created.stage,
              programId: created.programId,
              type: created.type,
              applicationNumber: created.applicationNumber,
              ...(previousApplicationId ? { previousApplicationId } : {}),
            },
            requestId,
            idempotencyKey: `application:${created.id}`,
          },
        });
        return created;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DuplicateApplicationError();
      }
      throw error;
    }
  }

  findById(id: string): Promise<Partner | null> {
    return this.prisma.partner.findUnique({ where: { id } });
  }

  /** The most recent application of this email to the program (re-applications come later). */
  findLatestApplication(programId: string, email: string): Promise<Partner | null> {
    return this.prisma.partner.findFirst({
      where: { programId, email },
      orderBy: { applicationNumber: 'desc' },
    });
  }

  async markWorkflowStarted(id: string): Promise<void> {
    await this.prisma.partner.updateMany({
      where: { id, workflowStartedAt: null },
      data: { workflowStartedAt: new Date() },
    });
  }

  /** Of these partners, those whose lifecycle workflow has not yet been told about the event. */
  async notYetSignalled(event: PartnerActivityEvent, partnerIds: string[]): Promise<string[]> {
    const rows = await this.prisma.partner.findMany({
      where: { id: { in: partnerIds }, [FIRST_AT_COLUMN[event]]: null },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** Records the event's time once; a later (or repeated) call leaves the first one standing. */
  async markSignalled(event: PartnerActivityEvent, partnerId: string, at: Date): Promise<void> {
    await this.prisma.partner.updateMany({
      where: { id: partnerId, [FIRST_AT_COLUMN[event]]: null },
      data: { [FIRST_AT_COLUMN[event]]: at },
    });
  }

  /**
   * The partner's audit entries for its timeline: those about the partner, its onboarding drip and
   * engagement watch (target: the lifecycle workflow) and its links and coupons, each by the
   * indexed target.
   */
  async timelineAuditRows(partner: Pick<Partner, 'id' | 'workflowId'>, after: TimelinePosition | undefined, take: number): Promise<AuditRow[]> {
    const [links, coupons] = await Promise.all([
      this.prisma.link.findMany({ where: { partnerId: partner.id }, select: { id: true } }),
      this.prisma.coupon.findMany({ where: { partnerId: partner.id }, select: { id: true } }),
    ]);
    return this.prisma.auditEntry.findMany({
      where: {
        AND: [
          {
            OR: [
              { targetType: 'partner', targetId: partner.id },
              { targetType: 'onboarding_drip', targetId: partner.workflowId },
              { targetType: 'partner_engagement', targetId: partner.workflowId },
              { targetType: 'link', targetId: { in: links.map((link) => link.id) } },
              { targetType: 'coupon', targetId: { in: coupons.map((coupon) => coupon.id) } },
            ],
          },
          afterPosition('at', after),
        ],
      },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take,
      select: { id: true, at: true, action: true, actorType: true, actorId: true, before: true, after: true, reason: true },
    });
  }

  timelineMessageRows(partnerId: string, after: TimelinePosition | undefined, take: number): Promise<MessageRow[]> {
    return this.prisma.message.findMany({
      where: { partnerId, ...afterPosition('createdAt', after) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
      select: { id: true, createdAt: true, channel: true, recipientType: true, template: true, subject: true, status: true, lastError: true, sentAt: true },
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type Message, type Partner, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';

export type NewPartner = Omit<
  Prisma.PartnerUncheckedCreateInput,
  'stage' | 'stageChangedAt' | 'createdAt' | 'updatedAt' | 'workflowStartedAt'
>;

export class DuplicateApplicationError extends Error {}

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

  listMessages(partnerId: string, limit: number, cursor?: string): Promise<Message[]> {
    return this.prisma.message.findMany({
      where: { partnerId, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }
}

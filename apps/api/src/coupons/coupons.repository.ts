import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type Coupon, type PartnerStage, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

export class DuplicateCouponError extends Error {}

/** The only path to Prisma for coupon codes. */
@Injectable()
export class CouponsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findPartner(partnerId: string): Promise<{ id: string; programId: string; stage: PartnerStage } | null> {
    return this.prisma.partner.findUnique({ where: { id: partnerId }, select: { id: true, programId: true, stage: true } });
  }

  /** Stores the coupon with its audit entry; a code the program already has throws DuplicateCouponError. */
  async create(coupon: { programId: string; partnerId: string; code: string }, action: OperatorAction): Promise<Coupon> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const created = await tx.coupon.create({ data: { id: newId('coupon'), ...coupon, codeKey: coupon.code.toUpperCase() } });
        await tx.auditEntry.create({
          data: {
            id: newId('audit'),
            actorType: 'operator',
            actorId: action.operatorKeyId,
            action: 'coupon.created',
            targetType: 'coupon',
            targetId: created.id,
            after: { partnerId: created.partnerId, code: created.code },
            requestId: action.requestId,
          },
        });
        return created;
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new DuplicateCouponError();
      throw error;
    }
  }

  list(partnerId: string, limit: number, cursor?: string): Promise<Coupon[]> {
    return this.prisma.coupon.findMany({
      where: { partnerId, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }
}

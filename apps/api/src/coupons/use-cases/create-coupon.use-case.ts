import { Injectable } from '@nestjs/common';
import type { Coupon } from '@partnerflow/db';
import { CREDITING_STAGES, DomainError, ErrorCode, isCreditingStage } from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import type { CreateCouponDto } from '../coupons.schemas';
import { CouponsRepository, DuplicateCouponError } from '../coupons.repository';

/** An operator gives a partner in good standing a coupon code; conversions naming it are the partner's touch. */
@Injectable()
export class CreateCouponUseCase {
  constructor(private readonly coupons: CouponsRepository) {}

  async execute(partnerId: string, { code }: CreateCouponDto, action: OperatorAction): Promise<Coupon> {
    const partner = await this.coupons.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    if (!isCreditingStage(partner.stage)) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `partner ${partnerId} is ${partner.stage}: only ${CREDITING_STAGES.join(', ')} partners can get coupons`);
    }
    try {
      return await this.coupons.create({ programId: partner.programId, partnerId, code }, action);
    } catch (error) {
      if (!(error instanceof DuplicateCouponError)) throw error;
      throw new DomainError(ErrorCode.CONFLICT, `coupon code ${code} is already taken in this program`, [
        { path: 'code', message: 'already taken in this program (codes are case-insensitive)' },
      ]);
    }
  }
}

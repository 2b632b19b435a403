import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { couponView } from '../coupon.views';
import { CouponsRepository } from '../coupons.repository';

/** A partner's coupon codes, oldest first. */
@Injectable()
export class ListPartnerCouponsUseCase {
  constructor(private readonly coupons: CouponsRepository) {}

  async execute(partnerId: string, { limit, cursor }: PaginationQuery) {
    if (!(await this.coupons.findPartner(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const page = pageOf(await this.coupons.list(partnerId, limit, cursor), limit);
    return { items: page.items.map(couponView), nextCursor: page.nextCursor };
  }
}

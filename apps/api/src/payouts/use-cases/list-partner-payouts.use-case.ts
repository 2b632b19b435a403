import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { payoutView } from '../payout.views';
import { PayoutsRepository } from '../payouts.repository';

/** A partner's payouts, newest first, each with why it went out or did not. */
@Injectable()
export class ListPartnerPayoutsUseCase {
  constructor(private readonly payouts: PayoutsRepository) {}

  async execute(partnerId: string, page: PaginationQuery) {
    if (!(await this.payouts.partnerExists(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const { items, nextCursor } = pageOf(await this.payouts.partnerPayouts(partnerId, page), page.limit);
    return { items: items.map(payoutView), nextCursor };
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { commissionView } from '../commission.views';
import { CommissionsRepository } from '../commissions.repository';

/** A partner's commissions, oldest first. */
@Injectable()
export class ListPartnerCommissionsUseCase {
  constructor(private readonly commissions: CommissionsRepository) {}

  async execute(partnerId: string, { limit, cursor }: PaginationQuery) {
    if (!(await this.commissions.partnerExists(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const page = pageOf(await this.commissions.listForPartner(partnerId, limit, cursor), limit);
    return { items: page.items.map(commissionView), nextCursor: page.nextCursor };
  }
}

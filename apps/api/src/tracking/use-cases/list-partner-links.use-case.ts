import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { linkView } from '../link.views';
import { TrackingRepository } from '../tracking.repository';

/** A partner's links, oldest first. */
@Injectable()
export class ListPartnerLinksUseCase {
  constructor(private readonly tracking: TrackingRepository) {}

  async execute(partnerId: string, { limit, cursor }: PaginationQuery, baseUrl: string) {
    if (!(await this.tracking.findPartner(partnerId))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    }
    const page = pageOf(await this.tracking.listLinks(partnerId, limit, cursor), limit);
    return { items: page.items.map((link) => linkView(link, baseUrl)), nextCursor: page.nextCursor };
  }
}

import { Injectable } from '@nestjs/common';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { messageView } from '../partner.views';
import { PartnersRepository } from '../partners.repository';
import { GetPartnerUseCase } from './get-partner.use-case';

/** Every message to or from the partner, oldest first, with its delivery status. */
@Injectable()
export class ListPartnerMessagesUseCase {
  constructor(
    private readonly partners: PartnersRepository,
    private readonly getPartner: GetPartnerUseCase,
  ) {}

  async execute(partnerId: string, { limit, cursor }: PaginationQuery) {
    await this.getPartner.execute(partnerId);
    const rows = await this.partners.listMessages(partnerId, limit, cursor);
    const page = pageOf(rows, limit);
    return { items: page.items.map(messageView), nextCursor: page.nextCursor };
  }
}

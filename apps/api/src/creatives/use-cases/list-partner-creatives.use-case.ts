import { Injectable } from '@nestjs/common';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { partnerCreativeView } from '../creative.views';
import { CreativesRepository } from '../creatives.repository';

/**
 * What a signed-in partner can use now: their program's published creatives, newest first.
 * Drafts are not ready and deprecated ones must no longer be used, so neither is shown.
 */
@Injectable()
export class ListPartnerCreativesUseCase {
  constructor(private readonly creatives: CreativesRepository) {}

  async execute(partner: { programId: string }, { limit, cursor }: PaginationQuery) {
    const page = pageOf(await this.creatives.list(partner.programId, { status: 'published', limit, cursor }), limit);
    return { items: page.items.map(partnerCreativeView), nextCursor: page.nextCursor };
  }
}

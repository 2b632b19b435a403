import { Injectable } from '@nestjs/common';
import {
  auditTimelineEntry,
  compareTimelineEntries,
  decodeTimelineCursor,
  DomainError,
  encodeTimelineCursor,
  ErrorCode,
  messageTimelineEntry,
  type TimelineEntry,
} from '@partnerflow/domain';
import type { PaginationQuery } from '../../common/http/pagination';
import { PartnersRepository } from '../partners.repository';
import { GetPartnerUseCase } from './get-partner.use-case';

/**
 * The partner's story in time order: application, review, stage changes (with operator and
 * reason), links and coupons, the onboarding drip's steps, the termination and its wind-down,
 * and every message sent. Two ordered reads (audit log, messages), each of at most one page
 * more than asked, merged by time.
 */
@Injectable()
export class GetPartnerTimelineUseCase {
  constructor(
    private readonly getPartner: GetPartnerUseCase,
    private readonly partners: PartnersRepository,
  ) {}

  async execute(partnerId: string, { limit, cursor }: PaginationQuery): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeTimelineCursor(cursor);
    if (cursor !== undefined && !after) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', [{ path: 'cursor', message: 'is not a cursor this list returned' }]);
    }
    const partner = await this.getPartner.execute(partnerId);
    const [audits, messages] = await Promise.all([
      this.partners.timelineAuditRows(partner, after, limit + 1),
      this.partners.timelineMessageRows(partner.id, after, limit + 1),
    ]);
    const entries = [...audits.map(auditTimelineEntry), ...messages.map(messageTimelineEntry)].sort(compareTimelineEntries);
    const items = entries.slice(0, limit);
    return { items, nextCursor: entries.length > limit ? encodeTimelineCursor(items[items.length - 1]) : null };
  }
}

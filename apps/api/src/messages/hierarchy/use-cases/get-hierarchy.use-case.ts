import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { HierarchyRepository } from '../hierarchy.repository';

/** Where a partner sits in the IB hierarchy: its upline, and its downline to `depth` levels. */
@Injectable()
export class GetHierarchyUseCase {
  constructor(private readonly hierarchy: HierarchyRepository) {}

  async execute(partnerId: string, depth?: number) {
    const partner = await this.hierarchy.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const [upline, members] = await Promise.all([this.hierarchy.upline(partnerId), this.hierarchy.downline(partnerId, depth)]);
    const partners = new Map((await this.hierarchy.findPartners(members.map((member) => member.partnerId))).map((p) => [p.id, p]));
    return {
      partnerId,
      parentPartnerId: partner.parentPartnerId,
      upline,
      downline: members.map((member) => ({ ...member, name: partners.get(member.partnerId)?.name ?? '', stage: partners.get(member.partnerId)?.stage ?? '' })),
    };
  }
}

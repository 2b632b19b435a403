import { Injectable } from '@nestjs/common';
import type { Partner } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { PartnersRepository } from '../partners.repository';

@Injectable()
export class GetPartnerUseCase {
  constructor(private readonly partners: PartnersRepository) {}

  async execute(partnerId: string): Promise<Partner> {
    const partner = await this.partners.findById(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    return partner;
  }
}

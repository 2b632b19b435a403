import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, taxProfileView, type TaxProfileView } from '@partnerflow/domain';
import { TaxRepository } from '../tax.repository';

/** A partner's tax form as on file, every TIN masked (nothing here decrypts). */
@Injectable()
export class GetTaxProfileUseCase {
  constructor(private readonly tax: TaxRepository) {}

  async execute(partnerId: string): Promise<TaxProfileView> {
    const profile = await this.tax.findProfile(partnerId);
    if (profile) return taxProfileView(profile);
    const partner = await this.tax.findPartner(partnerId);
    throw new DomainError(ErrorCode.NOT_FOUND, partner ? `partner ${partnerId} has no tax profile yet` : `partner ${partnerId} does not exist`);
  }
}

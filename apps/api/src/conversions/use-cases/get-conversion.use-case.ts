import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { ConversionsRepository, type ConversionWithShares } from '../conversions.repository';

@Injectable()
export class GetConversionUseCase {
  constructor(private readonly conversions: ConversionsRepository) {}

  async execute(conversionId: string): Promise<ConversionWithShares> {
    const conversion = await this.conversions.findById(conversionId);
    if (!conversion) throw new DomainError(ErrorCode.NOT_FOUND, `conversion ${conversionId} does not exist`);
    return conversion;
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { GetCommissionUseCase } from '../../commissions/use-cases/get-commission.use-case';

/** One of the partner's own commissions; another partner's is as unknown as a made-up id. */
@Injectable()
export class GetMyCommissionUseCase {
  constructor(private readonly commissions: GetCommissionUseCase) {}

  async execute(partnerId: string, commissionId: string) {
    const notFound = new DomainError(ErrorCode.NOT_FOUND, `commission ${commissionId} does not exist`);
    const commission = await this.commissions.execute(commissionId).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === ErrorCode.NOT_FOUND ? notFound : error;
    });
    if (commission.partnerId !== partnerId) throw notFound;
    return commission;
  }
}

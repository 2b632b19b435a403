import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { commissionDetailView } from '../commission.views';
import { CommissionsRepository } from '../commissions.repository';

/** One commission with its explanation and every ledger entry that moved its money. */
@Injectable()
export class GetCommissionUseCase {
  constructor(private readonly commissions: CommissionsRepository) {}

  async execute(commissionId: string) {
    const commission = await this.commissions.findWithEntries(commissionId);
    if (!commission) throw new DomainError(ErrorCode.NOT_FOUND, `commission ${commissionId} does not exist`);
    return commissionDetailView(commission);
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { payoutView } from '../payout.views';
import { PayoutWorkflowsGateway } from '../payout-workflows.gateway';
import { PayoutsRepository } from '../payouts.repository';

/**
 * A paid payout's money came back: the amount returns to the partner's approved balance (a
 * payout_returned ledger entry the next run pays), the payout is `returned`, the partner and
 * finance are told. Once per payout.
 */
@Injectable()
export class ReturnPayoutUseCase {
  constructor(
    private readonly payouts: PayoutsRepository,
    private readonly workflows: PayoutWorkflowsGateway,
  ) {}

  async execute(payoutId: string, reason: string, operator: AuthenticatedOperator) {
    const payout = await this.payouts.findPayout(payoutId);
    if (!payout) throw new DomainError(ErrorCode.NOT_FOUND, `payout ${payoutId} does not exist`);
    if (payout.status !== 'paid') throw new DomainError(ErrorCode.CONFLICT, `payout ${payoutId} is ${payout.status}: only a paid payout can be returned`);
    const result = await this.workflows.returnPayout(payoutId, reason, operator.keyId);
    if (!result.returned) throw new DomainError(ErrorCode.CONFLICT, `payout ${payoutId} is ${result.status}: only a paid payout can be returned`);
    return payoutView((await this.payouts.findPayout(payoutId))!);
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, markPayoutPaidUpdate } from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { payoutView } from '../payout.views';
import { PayoutWorkflowsGateway } from '../payout-workflows.gateway';
import { PayoutsRepository } from '../payouts.repository';

/**
 * Finance paid a manual or bank-file payout and names the reference: the run workflow records it
 * (ledger entries, statement, the payout.paid event whose notification rule tells the partner)
 * through its `markPayoutPaid` update.
 */
@Injectable()
export class MarkPayoutPaidUseCase {
  constructor(
    private readonly payouts: PayoutsRepository,
    private readonly workflows: PayoutWorkflowsGateway,
  ) {}

  async execute(payoutId: string, reference: string, operator: AuthenticatedOperator) {
    const payout = await this.payouts.findPayout(payoutId);
    if (!payout) throw new DomainError(ErrorCode.NOT_FOUND, `payout ${payoutId} does not exist`);
    if (payout.provider !== 'manual' && payout.provider !== 'bank-file') {
      throw new DomainError(ErrorCode.CONFLICT, `payout ${payoutId} is paid through ${payout.provider ?? 'no provider'}, which reports by itself: only manual and bank-file payouts are marked paid`);
    }
    if (payout.status !== 'processing') throw new DomainError(ErrorCode.CONFLICT, `payout ${payoutId} is ${payout.status}, not waiting to be paid`);
    const outcome = await this.workflows.update(payout.runId, markPayoutPaidUpdate, { payoutId, reference, operatorId: operator.keyId });
    if (outcome.outcome !== 'paid') throw new DomainError(ErrorCode.CONFLICT, `payout ${payoutId} is ${outcome.status}, not waiting to be paid`);
    return payoutView((await this.payouts.findPayout(payoutId))!);
  }
}

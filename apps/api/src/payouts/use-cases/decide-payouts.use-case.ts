import { Injectable } from '@nestjs/common';
import { decidePayoutsUpdate, DomainError, ErrorCode } from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { PayoutWorkflowsGateway } from '../payout-workflows.gateway';
import { PayoutsRepository } from '../payouts.repository';

/**
 * Finance approves or rejects the run's waiting payouts (all, or those named) through the run
 * workflow's `decidePayouts` update, as the API key's identity: the workflow's validator refuses
 * the same approver twice and anything not waiting (409, nothing written), and records who
 * approved what once it accepted.
 */
@Injectable()
export class DecidePayoutsUseCase {
  constructor(
    private readonly payouts: PayoutsRepository,
    private readonly workflows: PayoutWorkflowsGateway,
  ) {}

  async execute(runId: string, body: { payoutIds?: string[]; decision: 'approve' | 'reject'; reason?: string }, operator: AuthenticatedOperator) {
    if (!(await this.payouts.findRun(runId))) throw new DomainError(ErrorCode.NOT_FOUND, `payout run ${runId} does not exist`);
    return this.workflows.update(runId, decidePayoutsUpdate, { ...body, approverId: operator.keyId });
  }
}

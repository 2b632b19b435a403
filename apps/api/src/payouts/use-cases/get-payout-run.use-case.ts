import { Injectable } from '@nestjs/common';
import type { PayoutStatus } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { pageOf } from '../../common/http/pagination';
import { payoutRunView } from '../payout.views';
import { PayoutsRepository } from '../payouts.repository';

/** A run as finance follows it: totals per status, then each payout with its gates, approvals and provider status. */
@Injectable()
export class GetPayoutRunUseCase {
  constructor(private readonly payouts: PayoutsRepository) {}

  async execute(runId: string, query: { limit: number; cursor?: string; status?: PayoutStatus }) {
    const run = await this.payouts.findRun(runId);
    if (!run) throw new DomainError(ErrorCode.NOT_FOUND, `payout run ${runId} does not exist`);
    const [totals, rows] = await Promise.all([this.payouts.runTotals(runId), this.payouts.runPayouts(runId, query)]);
    return payoutRunView(run, totals, pageOf(rows, query.limit));
  }
}

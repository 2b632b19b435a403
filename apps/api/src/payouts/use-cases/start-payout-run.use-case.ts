import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, manualRunPeriod, payoutRunWorkflowId } from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { PayoutWorkflowsGateway } from '../payout-workflows.gateway';
import { PayoutsRepository } from '../payouts.repository';
import { GetPayoutRunUseCase } from './get-payout-run.use-case';

/**
 * "Run now": the run of a period (by default the last whole one of the schedule) under the
 * program's current payout policy. Its id is `payout-<programId>-<periodEnd>`, as a scheduled
 * run's: a second request for the same period answers the existing run (`created: false`), and a
 * run whose workflow could not be started before (Temporal down) is started now.
 */
@Injectable()
export class StartPayoutRunUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly payouts: PayoutsRepository,
    private readonly workflows: PayoutWorkflowsGateway,
    private readonly getRun: GetPayoutRunUseCase,
  ) {}

  async execute(programRef: string, request: { periodEnd?: string }, operator: AuthenticatedOperator) {
    const program = await this.getProgram.execute(programRef);
    const { policy, version } = await this.payouts.currentPolicy(program.id);
    const period = manualRunPeriod(policy, Date.now(), request.periodEnd);
    if (!period.ok) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', [{ path: 'periodEnd', message: period.problem }]);
    const runId = payoutRunWorkflowId(program.id, period.periodEnd);
    const { created } = await this.payouts.createRun({
      id: runId,
      programId: program.id,
      periodEnd: period.periodEnd,
      cutoffAt: new Date(period.cutoffAt),
      currency: policy.currency,
      policyVersion: version,
      requestedBy: operator.keyId,
    });
    await this.workflows.startRun(runId, program.id, period.periodEnd);
    return { created, run: await this.getRun.execute(runId, { limit: 50 }) };
  }
}

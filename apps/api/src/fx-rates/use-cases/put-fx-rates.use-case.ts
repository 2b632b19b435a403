import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type FxRateBatch } from '@partnerflow/domain';
import { CommissionHandoff } from '../../conversions/commission-handoff';
import type { OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { fxRateView } from '../fx-rate.views';
import { FxRateConflictError, FxRatesRepository } from '../fx-rates.repository';

/**
 * Finance adds FX rates (a program's own, or global ones with `programRef` null), and the
 * conversions that waited for them are re-priced at once. Re-pricing is automatic on PUT rather
 * than a separate operator call because adding the missing rate is the operator's whole intent —
 * a second step would be forgotten and leave partners unpaid — and because it is safe to repeat:
 * the re-pend is committed with the rates (so a Temporal outage only delays it: the handoff's
 * catch-up delivers what is left pending), the hold workflow records commissions by business key,
 * and a repeated PUT stores nothing new and finds nothing left to re-price.
 */
@Injectable()
export class PutFxRatesUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly rates: FxRatesRepository,
    private readonly handoff: CommissionHandoff,
  ) {}

  async execute(programRef: string | null, { rates }: FxRateBatch, action: OperatorAction) {
    const programId = programRef === null ? null : (await this.getProgram.execute(programRef)).id;
    let stored;
    try {
      stored = await this.rates.putBatch(programId, rates, action);
    } catch (error) {
      if (!(error instanceof FxRateConflictError)) throw error;
      const { index, existing } = error;
      throw new DomainError(ErrorCode.CONFLICT, `rates.${index}: ${existing.base}→${existing.quote} from ${existing.effectiveFrom.toISOString()} is already ${existing.rate} (${existing.id}); nothing was stored`, [
        { path: `rates.${index}.rate`, message: `a stored rate never changes (commissions name it): add a rate with a later effectiveFrom instead` },
      ]);
    }
    let handedOver = 0;
    for (const conversion of stored.repended) {
      if (await this.handoff.handOver(conversion)) handedOver += 1;
    }
    return { rates: stored.rates.map(fxRateView), created: stored.created, repricing: { conversions: stored.repended.length, handedOver } };
  }
}

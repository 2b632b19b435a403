import { Module } from '@nestjs/common';
import { FxRatesModule } from '../fx-rates/fx-rates.module';
import { ProgramsModule } from '../programs/programs.module';
import { CommissionsController } from './commissions.controller';
import { CommissionsRepository } from './commissions.repository';
import { GetCommissionUseCase } from './use-cases/get-commission.use-case';
import { GetPartnerBalanceUseCase } from './use-cases/get-partner-balance.use-case';
import { ListPartnerCommissionsUseCase } from './use-cases/list-partner-commissions.use-case';
import { ReconcileLedgerUseCase } from './use-cases/reconcile-ledger.use-case';
import { SimulatePlanUseCase } from './use-cases/simulate-plan.use-case';

/** Commissions and the ledger as operators read them; the hold workflow's activities write them. */
@Module({
  imports: [ProgramsModule, FxRatesModule],
  controllers: [CommissionsController],
  providers: [CommissionsRepository, ListPartnerCommissionsUseCase, GetCommissionUseCase, GetPartnerBalanceUseCase, ReconcileLedgerUseCase, SimulatePlanUseCase],
  exports: [ReconcileLedgerUseCase, SimulatePlanUseCase, ListPartnerCommissionsUseCase, GetCommissionUseCase, GetPartnerBalanceUseCase],
})
export class CommissionsModule {}

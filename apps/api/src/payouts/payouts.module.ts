import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { PayoutRunsController } from './payout-runs.controller';
import { PayoutWorkflowsGateway } from './payout-workflows.gateway';
import { PayoutsController } from './payouts.controller';
import { PayoutsRepository } from './payouts.repository';
import { DecidePayoutsUseCase } from './use-cases/decide-payouts.use-case';
import { GetPayoutRunUseCase } from './use-cases/get-payout-run.use-case';
import { ListPartnerPayoutsUseCase } from './use-cases/list-partner-payouts.use-case';
import { MarkPayoutPaidUseCase } from './use-cases/mark-payout-paid.use-case';
import { PreviewPayoutRunUseCase } from './use-cases/preview-payout-run.use-case';
import { ReturnPayoutUseCase } from './use-cases/return-payout.use-case';
import { StartPayoutRunUseCase } from './use-cases/start-payout-run.use-case';
import { SyncPayoutSchedulesUseCase } from './use-cases/sync-payout-schedules.use-case';

/** Payout runs and payouts as finance drives them; the run workflow's activities do the writing. */
@Module({
  imports: [ProgramsModule],
  controllers: [PayoutRunsController, PayoutsController],
  providers: [
    PayoutsRepository,
    PayoutWorkflowsGateway,
    StartPayoutRunUseCase,
    GetPayoutRunUseCase,
    DecidePayoutsUseCase,
    ListPartnerPayoutsUseCase,
    MarkPayoutPaidUseCase,
    ReturnPayoutUseCase,
    SyncPayoutSchedulesUseCase,
    PreviewPayoutRunUseCase,
  ],
  exports: [PayoutsRepository, SyncPayoutSchedulesUseCase, ListPartnerPayoutsUseCase, PreviewPayoutRunUseCase],
})
export class PayoutsModule {}

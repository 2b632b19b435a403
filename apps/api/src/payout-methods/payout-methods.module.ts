import { Module } from '@nestjs/common';
import { BankFilesController } from './bank-files.controller';
import { PayoutMethodsController } from './payout-methods.controller';
import { PayoutMethodsRepository } from './payout-methods.repository';
import { DownloadBankFileUseCase } from './use-cases/download-bank-file.use-case';
import { GetPayoutMethodUseCase } from './use-cases/get-payout-method.use-case';
import { ListBankFilesUseCase } from './use-cases/list-bank-files.use-case';
import { SetPayoutMethodUseCase } from './use-cases/set-payout-method.use-case';

/**
 * Where partners are paid (operators set it; the partner's own /v1/me/payout-method reuses the exported use
 * cases) and the bank files finance uploads for a run's bank-transfer payouts.
 */
@Module({
  controllers: [PayoutMethodsController, BankFilesController],
  providers: [PayoutMethodsRepository, GetPayoutMethodUseCase, SetPayoutMethodUseCase, ListBankFilesUseCase, DownloadBankFileUseCase],
  exports: [GetPayoutMethodUseCase, SetPayoutMethodUseCase],
})
export class PayoutMethodsModule {}

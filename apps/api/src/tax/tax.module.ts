import { Module } from '@nestjs/common';
import type { Env } from '@partnerflow/domain';
import { ENV } from '../common/tokens';
import { FxRatesModule } from '../fx-rates/fx-rates.module';
import { ProgramsModule } from '../programs/programs.module';
import { TaxProfilesController } from './tax-profiles.controller';
import { TaxReportsController } from './tax-reports.controller';
import { TaxRepository } from './tax.repository';
import { taxDataKey, TinCipher } from './tin-cipher';
import { GetTaxProfileUseCase } from './use-cases/get-tax-profile.use-case';
import { ReportForm1099NecUseCase } from './use-cases/report-form-1099-nec.use-case';
import { SaveTaxProfileUseCase } from './use-cases/save-tax-profile.use-case';

/**
 * Partners' tax forms (TINs encrypted under TAX_DATA_KEY) and the yearly 1099-NEC report. The
 * profile use cases are exported for the partner's own /v1/me/tax-profile.
 */
@Module({
  imports: [ProgramsModule, FxRatesModule],
  controllers: [TaxProfilesController, TaxReportsController],
  providers: [
    { provide: TinCipher, inject: [ENV], useFactory: (env: Env) => new TinCipher(taxDataKey(env)) },
    TaxRepository,
    SaveTaxProfileUseCase,
    GetTaxProfileUseCase,
    ReportForm1099NecUseCase,
  ],
  exports: [SaveTaxProfileUseCase, GetTaxProfileUseCase],
})
export class TaxModule {}

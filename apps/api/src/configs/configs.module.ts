import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { ConversionsModule } from '../conversions/conversions.module';
import { PayoutsModule } from '../payouts/payouts.module';
import { ProgramsModule } from '../programs/programs.module';
import { ConfigsController } from './configs.controller';
import { DryRunSubjectsRepository } from './dry-run-subjects.repository';
import { DryRunConfigUseCase } from './use-cases/dry-run-config.use-case';
import { GetCurrentConfigUseCase } from './use-cases/get-current-config.use-case';
import { ListConfigVersionsUseCase } from './use-cases/list-config-versions.use-case';
import { SaveConfigVersionUseCase } from './use-cases/save-config-version.use-case';

/** Operator-configured, versioned workflow configs of a program (screening, onboarding, …). */
@Module({
  imports: [ProgramsModule, ConversionsModule, CommissionsModule, PayoutsModule],
  controllers: [ConfigsController],
  providers: [
    DryRunSubjectsRepository,
    DryRunConfigUseCase,
    GetCurrentConfigUseCase,
    ListConfigVersionsUseCase,
    SaveConfigVersionUseCase,
  ],
})
export class ConfigsModule {}

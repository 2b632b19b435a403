import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { PartnersController } from './partners.controller';
import { PartnerActivityNotifier } from './partner-activity.notifier';
import { PartnersRepository } from './partners.repository';
import { ApplyToProgramUseCase } from './use-cases/apply-to-program.use-case';
import { GetPartnerUseCase } from './use-cases/get-partner.use-case';
import { ListPartnerMessagesUseCase } from './use-cases/list-partner-messages.use-case';
import { ListPartnerWorkflowsUseCase } from './use-cases/list-partner-workflows.use-case';

@Module({
  imports: [ProgramsModule, WorkflowsModule],
  controllers: [PartnersController],
  providers: [
    PartnersRepository,
    PartnerActivityNotifier,
    ApplyToProgramUseCase,
    GetPartnerUseCase,
    ListPartnerMessagesUseCase,
    ListPartnerWorkflowsUseCase,
  ],
  exports: [PartnersRepository, PartnerActivityNotifier],
})
export class PartnersModule {}

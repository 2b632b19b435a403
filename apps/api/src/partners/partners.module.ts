import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { PartnersController } from './partners.controller';
import { LifecycleUpdatesGateway } from './lifecycle-updates.gateway';
import { PartnerActivityNotifier } from './partner-activity.notifier';
import { PartnersRepository } from './partners.repository';
import { ApplyToProgramUseCase } from './use-cases/apply-to-program.use-case';
import { GetPartnerTimelineUseCase } from './use-cases/get-partner-timeline.use-case';
import { GetPartnerUseCase } from './use-cases/get-partner.use-case';
import { ListPartnerWorkflowsUseCase } from './use-cases/list-partner-workflows.use-case';
import { PausePartnerUseCase } from './use-cases/pause-partner.use-case';
import { ResumePartnerUseCase } from './use-cases/resume-partner.use-case';
import { TerminatePartnerUseCase } from './use-cases/terminate-partner.use-case';

@Module({
  imports: [ProgramsModule, WorkflowsModule],
  controllers: [PartnersController],
  providers: [
    PartnersRepository,
    PartnerActivityNotifier,
    ApplyToProgramUseCase,
    GetPartnerUseCase,
    ListPartnerWorkflowsUseCase,
    LifecycleUpdatesGateway,
    PausePartnerUseCase,
    ResumePartnerUseCase,
    TerminatePartnerUseCase,
    GetPartnerTimelineUseCase,
  ],
  exports: [PartnersRepository, PartnerActivityNotifier],
})
export class PartnersModule {}

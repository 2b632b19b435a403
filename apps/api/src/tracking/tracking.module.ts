import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { ProgramsModule } from '../programs/programs.module';
import { AttributionSettings } from './attribution-settings';
import { ClickRecorder } from './click-recorder';
import { ClickStore } from './click-store';
import { FirstClickSignals } from './first-click-signals';
import { LinksController } from './links.controller';
import { RedirectController } from './redirect.controller';
import { TrackingRepository } from './tracking.repository';
import { CreateLinkUseCase } from './use-cases/create-link.use-case';
import { FollowLinkUseCase } from './use-cases/follow-link.use-case';
import { ListPartnerLinksUseCase } from './use-cases/list-partner-links.use-case';
import { VisitorIpHasher } from './visitor-ip-hasher';

@Module({
  imports: [ProgramsModule, PartnersModule],
  controllers: [LinksController, RedirectController],
  providers: [
    TrackingRepository,
    AttributionSettings,
    ClickStore,
    ClickRecorder,
    FirstClickSignals,
    VisitorIpHasher,
    CreateLinkUseCase,
    ListPartnerLinksUseCase,
    FollowLinkUseCase,
  ],
  exports: [CreateLinkUseCase, ListPartnerLinksUseCase],
})
export class TrackingModule {}

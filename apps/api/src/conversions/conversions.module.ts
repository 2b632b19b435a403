import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { ProgramsModule } from '../programs/programs.module';
import { AttributionSettings } from '../tracking/attribution-settings';
import { VisitorIpHasher } from '../tracking/visitor-ip-hasher';
import { CachedAttributionSettings } from './cached-attribution-settings';
import { CommissionHandoff } from './commission-handoff';
import { ConversionAmounts } from './conversion-amounts';
import { ConversionBatches } from './conversion-batches';
import { ConversionStore } from './conversion-store';
import { ConversionsController } from './conversions.controller';
import { ConversionsRepository } from './conversions.repository';
import { CreditDecider } from './credit-decider';
import { EventsController } from './events.controller';
import { FraudAssessor } from './fraud-assessor';
import { PostbacksController } from './postbacks.controller';
import { ProgramIntegrationAuth } from './program-integration-auth';
import { TouchCollector } from './touch-collector';
import { GetConversionUseCase } from './use-cases/get-conversion.use-case';
import { IngestEventUseCase } from './use-cases/ingest-event.use-case';
import { IngestPostbackUseCase } from './use-cases/ingest-postback.use-case';
import { ReattributeDryRunUseCase } from './use-cases/reattribute-dry-run.use-case';
import { RecordConversionUseCase } from './use-cases/record-conversion.use-case';

@Module({
  imports: [ProgramsModule, PartnersModule],
  controllers: [EventsController, PostbacksController, ConversionsController],
  providers: [
    ConversionsRepository,
    ConversionBatches,
    ConversionStore,
    AttributionSettings,
    CachedAttributionSettings,
    CommissionHandoff,
    VisitorIpHasher,
    ConversionAmounts,
    TouchCollector,
    CreditDecider,
    FraudAssessor,
    ProgramIntegrationAuth,
    RecordConversionUseCase,
    IngestEventUseCase,
    IngestPostbackUseCase,
    GetConversionUseCase,
    ReattributeDryRunUseCase,
  ],
  exports: [ReattributeDryRunUseCase, CommissionHandoff],
})
export class ConversionsModule {}

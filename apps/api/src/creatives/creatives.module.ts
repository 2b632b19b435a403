import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { CreativesController } from './creatives.controller';
import { CreativesRepository } from './creatives.repository';
import { CreateCreativeUseCase } from './use-cases/create-creative.use-case';
import { DeprecateCreativeUseCase } from './use-cases/deprecate-creative.use-case';
import { FindCreativeUseCase } from './use-cases/find-creative.use-case';
import { ListCreativesUseCase } from './use-cases/list-creatives.use-case';
import { ListPartnerCreativesUseCase } from './use-cases/list-partner-creatives.use-case';
import { PublishCreativeUseCase } from './use-cases/publish-creative.use-case';

@Module({
  imports: [ProgramsModule],
  controllers: [CreativesController],
  providers: [
    CreativesRepository,
    FindCreativeUseCase,
    CreateCreativeUseCase,
    ListCreativesUseCase,
    PublishCreativeUseCase,
    DeprecateCreativeUseCase,
    ListPartnerCreativesUseCase,
  ],
  exports: [ListPartnerCreativesUseCase],
})
export class CreativesModule {}

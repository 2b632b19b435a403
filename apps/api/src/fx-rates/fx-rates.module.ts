import { Module } from '@nestjs/common';
import { ConversionsModule } from '../conversions/conversions.module';
import { ProgramsModule } from '../programs/programs.module';
import { FxRatesController } from './fx-rates.controller';
import { FxRatesRepository } from './fx-rates.repository';
import { ListFxRatesUseCase } from './use-cases/list-fx-rates.use-case';
import { ListUnpricedConversionsUseCase } from './use-cases/list-unpriced-conversions.use-case';
import { PutFxRatesUseCase } from './use-cases/put-fx-rates.use-case';

@Module({
  imports: [ProgramsModule, ConversionsModule],
  controllers: [FxRatesController],
  providers: [FxRatesRepository, PutFxRatesUseCase, ListFxRatesUseCase, ListUnpricedConversionsUseCase],
  exports: [FxRatesRepository],
})
export class FxRatesModule {}

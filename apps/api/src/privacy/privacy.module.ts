import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller';
import { PrivacyRepository } from './privacy.repository';
import { ErasePartnerDataUseCase } from './use-cases/erase-partner-data.use-case';
import { ExportPartnerDataUseCase } from './use-cases/export-partner-data.use-case';

@Module({
  controllers: [PrivacyController],
  providers: [PrivacyRepository, ExportPartnerDataUseCase, ErasePartnerDataUseCase],
})
export class PrivacyModule {}

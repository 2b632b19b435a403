import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { CreateApiKeyUseCase } from './use-cases/create-api-key.use-case';
import { ListApiKeysUseCase } from './use-cases/list-api-keys.use-case';
import { RevokeApiKeyUseCase } from './use-cases/revoke-api-key.use-case';

/** Operator API keys: issue, list, revoke (admin). The auth guard checks them on every request. */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysRepository, CreateApiKeyUseCase, ListApiKeysUseCase, RevokeApiKeyUseCase],
})
export class ApiKeysModule {}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { OperatorAction } from '../audit/audit-entry';
import { Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from '../programs/operator.decorator';
import { apiKeyView } from './api-key.views';
import { ApiKeyDto, ApiKeyListQueryDto, ApiKeyPageDto, ApiKeyParamsDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-keys.schemas';
import { CreateApiKeyUseCase } from './use-cases/create-api-key.use-case';
import { ListApiKeysUseCase } from './use-cases/list-api-keys.use-case';
import { RevokeApiKeyUseCase } from './use-cases/revoke-api-key.use-case';

/** Operator API keys: admins only (whoever manages keys can give themselves any role). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly createKey: CreateApiKeyUseCase,
    private readonly listKeys: ListApiKeysUseCase,
    private readonly revokeKey: RevokeApiKeyUseCase,
  ) {}

  @Post()
  @Roles('admin')
  @ZodResponse({ status: 201, type: CreatedApiKeyDto, description: 'the key, shown only in this answer; audited (api_key.created)' })
  async create(@Body() body: CreateApiKeyDto, @ActingOperator() operator: OperatorAction) {
    const { key, secret } = await this.createKey.execute(body, operator);
    return { ...apiKeyView(key), key: secret };
  }

  @Get()
  @Roles('admin')
  @ZodResponse({ status: 200, type: ApiKeyPageDto, description: 'oldest first, revoked keys included; never a secret' })
  list(@Query() query: ApiKeyListQueryDto) {
    return this.listKeys.execute(query);
  }

  @Post(':keyId/revoke')
  @Roles('admin')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: ApiKeyDto, description: 'revoked (401 from the next request on); a revoked key is answered as it is; audited (api_key.revoked)' })
  @ApiResponse({ status: 409, description: 'the last active admin key' })
  async revoke(@Param() { keyId }: ApiKeyParamsDto, @ActingOperator() operator: OperatorAction) {
    return apiKeyView(await this.revokeKey.execute(keyId, operator));
  }
}

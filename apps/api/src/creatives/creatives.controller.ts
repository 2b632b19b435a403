import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { OperatorAction } from '../audit/audit-entry';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from '../programs/operator.decorator';
import {
  CreateCreativeDto,
  CreativeDto,
  CreativeIdParamsDto,
  CreativeListQueryDto,
  CreativePageDto,
  DeprecateCreativeDto,
  ProgramCreativesParamsDto,
} from './creatives.schemas';
import { CreateCreativeUseCase } from './use-cases/create-creative.use-case';
import { DeprecateCreativeUseCase } from './use-cases/deprecate-creative.use-case';
import { ListCreativesUseCase } from './use-cases/list-creatives.use-case';
import { PublishCreativeUseCase } from './use-cases/publish-creative.use-case';

/** Operators' creatives: banners, landing pages, copy and videos partners promote the program with. */
@ApiTags('creatives')
@ApiBearerAuth()
@Controller('v1')
export class CreativesController {
  constructor(
    private readonly createCreative: CreateCreativeUseCase,
    private readonly listCreatives: ListCreativesUseCase,
    private readonly publishCreative: PublishCreativeUseCase,
    private readonly deprecateCreative: DeprecateCreativeUseCase,
  ) {}

  @Post('programs/:programId/creatives')
  @Roles('manager')
  @HttpCode(201)
  @ZodResponse({ status: 201, type: CreativeDto, description: 'stored as a draft, or published at once with `publish: true` (the partner segment is notified)' })
  create(@Param() { programId }: ProgramCreativesParamsDto, @Body() body: CreateCreativeDto, @ActingOperator() operator: OperatorAction) {
    return this.createCreative.execute(programId, body, operator);
  }

  @Get('programs/:programId/creatives')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: CreativePageDto, description: 'newest first' })
  list(@Param() { programId }: ProgramCreativesParamsDto, @Query() query: CreativeListQueryDto) {
    return this.listCreatives.execute(programId, query);
  }

  @Post('creatives/:creativeId/publish')
  @Roles('manager')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: CreativeDto, description: 'published: partners see it and the segment is notified once (a repeat answers the same and notifies no one)' })
  @ApiResponse({ status: 409, description: 'the creative is deprecated' })
  publish(@Param() { creativeId }: CreativeIdParamsDto, @ActingOperator() operator: OperatorAction) {
    return this.publishCreative.execute(creativeId, operator);
  }

  @Post('creatives/:creativeId/deprecate')
  @Roles('manager')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: CreativeDto, description: 'deprecated: partners no longer see it (a repeat answers the same)' })
  deprecate(@Param() { creativeId }: CreativeIdParamsDto, @Body() body: DeprecateCreativeDto, @ActingOperator() operator: OperatorAction) {
    return this.deprecateCreative.execute(creativeId, body.reason, operator);
  }
}

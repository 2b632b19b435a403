import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { ProgramRefParamsDto } from '../programs/programs.schemas';
import {
  PreviewTemplateDto,
  SaveTemplateDto,
  TemplateListDto,
  TemplateParamsDto,
  TemplatePreviewDto,
  TemplateQueryDto,
  TemplateVersionDto,
  TemplateVersionPageDto,
  TemplateVersionsQueryDto,
} from './templates.schemas';
import { GetTemplateUseCase } from './use-cases/get-template.use-case';
import { ListTemplateVersionsUseCase } from './use-cases/list-template-versions.use-case';
import { PreviewTemplateUseCase } from './use-cases/preview-template.use-case';
import { SaveTemplateVersionUseCase } from './use-cases/save-template-version.use-case';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('v1/programs/:programId/templates')
export class TemplatesController {
  constructor(
    private readonly saveVersion: SaveTemplateVersionUseCase,
    private readonly getTemplate: GetTemplateUseCase,
    private readonly listVersions: ListTemplateVersionsUseCase,
    private readonly previewTemplate: PreviewTemplateUseCase,
  ) {}

  @Get()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: TemplateListDto, description: 'the program\'s saved templates by key and locale' })
  list(@Param() { programId }: ProgramRefParamsDto) {
    return this.getTemplate.list(programId);
  }

  @Put(':key')
  @Roles('manager')
  @ApiOperation({
    summary: 'Save the next version of a template (per key and locale)',
    description: 'A subject or body referencing a variable that is neither declared in `variables` nor built in (partnerName, partnerEmail, partnerId, programName) is refused with 400 and the field\'s path.',
  })
  @ZodResponse({ status: 201, type: TemplateVersionDto, description: 'the new version' })
  save(@Param() { programId, key }: TemplateParamsDto, @Body() body: SaveTemplateDto, @ActingOperator() operator: OperatorAction) {
    return this.saveVersion.execute(programId, key, body, operator);
  }

  @Get(':key')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: TemplateVersionDto, description: 'the latest version (version 0: the built-in template)' })
  current(@Param() { programId, key }: TemplateParamsDto, @Query() { locale }: TemplateQueryDto) {
    return this.getTemplate.execute(programId, key, locale);
  }

  @Get(':key/versions')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: TemplateVersionPageDto, description: 'newest first' })
  versions(@Param() { programId, key }: TemplateParamsDto, @Query() query: TemplateVersionsQueryDto) {
    return this.listVersions.execute(programId, key, query);
  }

  @Post(':key/preview')
  @HttpCode(200)
  @Roles(...ALL_OPERATOR_ROLES)
  @ApiOperation({ summary: 'Render a saved version, the built-in template or a draft with sample variables; changes nothing' })
  @ZodResponse({ status: 200, type: TemplatePreviewDto })
  preview(@Param() { programId, key }: TemplateParamsDto, @Body() body: PreviewTemplateDto) {
    return this.previewTemplate.execute(programId, key, body);
  }
}

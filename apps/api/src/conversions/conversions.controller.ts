import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { conversionDetailView } from './conversion.views';
import { ConversionDetailDto, ConversionIdParamsDto } from './conversions.schemas';
import { GetConversionUseCase } from './use-cases/get-conversion.use-case';

@ApiTags('tracking')
@ApiBearerAuth()
@Controller('v1/conversions')
export class ConversionsController {
  constructor(private readonly getConversion: GetConversionUseCase) {}

  @Get(':conversionId')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: ConversionDetailDto, description: 'the conversion with its candidate touches and why each share went where it did' })
  async get(@Param() { conversionId }: ConversionIdParamsDto) {
    return conversionDetailView(await this.getConversion.execute(conversionId));
  }
}

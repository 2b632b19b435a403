import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { taxProfileInputSchema, type TaxProfileInput } from '@partnerflow/domain';
import { Roles } from '../common/auth/auth.decorators';
import { PartnerIdParamsDto } from '../partners/partners.schemas';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { TaxProfileDto, TaxProfileInputDto } from './tax.schemas';
import { GetTaxProfileUseCase } from './use-cases/get-tax-profile.use-case';
import { SaveTaxProfileUseCase } from './use-cases/save-tax-profile.use-case';

@ApiTags('tax')
@ApiBearerAuth()
@Controller('v1/partners/:partnerId/tax-profile')
export class TaxProfilesController {
  constructor(
    private readonly saveProfile: SaveTaxProfileUseCase,
    private readonly getProfile: GetTaxProfileUseCase,
  ) {}

  @Put()
  @Roles('manager', 'finance')
  @ZodResponse({
    status: 200,
    type: TaxProfileDto,
    description: 'the form on file, TINs masked. `formType` picks W-9, W-8BEN or W-8BEN-E; 400 names each invalid field; the same form again changes nothing',
  })
  @ApiBody({ type: TaxProfileInputDto, description: 'a W-9, W-8BEN or W-8BEN-E, by `formType`' })
  save(
    @Param() { partnerId }: PartnerIdParamsDto,
    @Body(new ZodValidationPipe(taxProfileInputSchema)) form: TaxProfileInput,
    @ActingOperator() operator: OperatorAction,
  ) {
    return this.saveProfile.execute(partnerId, form, operator);
  }

  @Get()
  @Roles('manager', 'finance', 'compliance')
  @ZodResponse({ status: 200, type: TaxProfileDto, description: 'TINs masked (e.g. ***-**-1234); 404 when the partner has none' })
  get(@Param() { partnerId }: PartnerIdParamsDto) {
    return this.getProfile.execute(partnerId);
  }
}

import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { PartnerIdParamsDto } from '../partners/partners.schemas';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { PayoutMethodBodyDto, PayoutMethodSavedDto, PayoutMethodViewDto } from './payout-methods.schemas';
import { GetPayoutMethodUseCase } from './use-cases/get-payout-method.use-case';
import { SetPayoutMethodUseCase } from './use-cases/set-payout-method.use-case';

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('v1/partners/:partnerId/payout-method')
export class PayoutMethodsController {
  constructor(
    private readonly getMethod: GetPayoutMethodUseCase,
    private readonly setMethod: SetPayoutMethodUseCase,
  ) {}

  @Get()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: PayoutMethodViewDto, description: 'masked; 404 when the partner has none yet' })
  get(@Param() { partnerId }: PartnerIdParamsDto) {
    return this.getMethod.execute(partnerId);
  }

  @Put()
  @Roles('manager', 'finance')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: PayoutMethodSavedDto, description: 'a changed account holds the next payouts for a while (anti-takeover); audited' })
  put(@Param() { partnerId }: PartnerIdParamsDto, @Body() body: PayoutMethodBodyDto, @ActingOperator() operator: OperatorAction) {
    return this.setMethod.execute(partnerId, body, operator);
  }
}

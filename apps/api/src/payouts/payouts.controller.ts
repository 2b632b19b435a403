import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { PaginationQueryDto, PartnerIdParamsDto } from '../partners/partners.schemas';
import { MarkPayoutPaidDto, PayoutDto, PayoutPageDto, PayoutParamsDto, ReturnPayoutDto } from './payouts.schemas';
import { ListPartnerPayoutsUseCase } from './use-cases/list-partner-payouts.use-case';
import { MarkPayoutPaidUseCase } from './use-cases/mark-payout-paid.use-case';
import { ReturnPayoutUseCase } from './use-cases/return-payout.use-case';

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('v1')
export class PayoutsController {
  constructor(
    private readonly listPayouts: ListPartnerPayoutsUseCase,
    private readonly markPaid: MarkPayoutPaidUseCase,
    private readonly returnPayout: ReturnPayoutUseCase,
  ) {}

  @Get('partners/:partnerId/payouts')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: PayoutPageDto, description: 'newest first' })
  list(@Param() { partnerId }: PartnerIdParamsDto, @Query() page: PaginationQueryDto) {
    return this.listPayouts.execute(partnerId, page);
  }

  /** A manual or bank-file payout finance has paid: recorded by the run (ledger, statement, email). */
  @Post('payouts/:payoutId/mark-paid')
  @Roles('finance')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: PayoutDto })
  markAsPaid(@Param() { payoutId }: PayoutParamsDto, @Body() body: MarkPayoutPaidDto, @Req() request: AuthenticatedRequest) {
    return this.markPaid.execute(payoutId, body.reference, request.operator!);
  }

  /** A paid payout came back: the amount is on the partner's balance again, for the next run. */
  @Post('payouts/:payoutId/return')
  @Roles('finance')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: PayoutDto })
  returned(@Param() { payoutId }: PayoutParamsDto, @Body() body: ReturnPayoutDto, @Req() request: AuthenticatedRequest) {
    return this.returnPayout.execute(payoutId, body.reason, request.operator!);
  }
}

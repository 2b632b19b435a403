import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { BalanceDto, CommissionDetailDto, CommissionPageDto } from '../commissions/commissions.schemas';
import { GetPartnerBalanceUseCase } from '../commissions/use-cases/get-partner-balance.use-case';
import { ListPartnerCommissionsUseCase } from '../commissions/use-cases/list-partner-commissions.use-case';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { SignedInPartner } from '../common/auth/partner-session.guard';
import { PaginationQueryDto } from '../partners/partners.schemas';
import { MeCommissionIdParamsDto } from './me.schemas';
import { GetMyCommissionUseCase } from './use-cases/get-my-commission.use-case';

/** The partner's commissions and balance, from the commissions module's own use cases. */
@ApiTags('me (partner)')
@ApiBearerAuth()
@PartnerSession()
@Controller('v1/me')
export class MeMoneyController {
  constructor(
    private readonly listCommissions: ListPartnerCommissionsUseCase,
    private readonly getCommission: GetMyCommissionUseCase,
    private readonly getBalance: GetPartnerBalanceUseCase,
  ) {}

  @Get('commissions')
  @ZodResponse({ status: 200, type: CommissionPageDto })
  commissions(@CurrentPartner() me: SignedInPartner, @Query() page: PaginationQueryDto) {
    return this.listCommissions.execute(me.partnerId, page);
  }

  @Get('commissions/:commissionId')
  @ZodResponse({ status: 200, type: CommissionDetailDto, description: 'with its explanation and ledger entries' })
  commission(@CurrentPartner() me: SignedInPartner, @Param() { commissionId }: MeCommissionIdParamsDto) {
    return this.getCommission.execute(me.partnerId, commissionId);
  }

  @Get('balance')
  @ZodResponse({ status: 200, type: BalanceDto })
  balance(@CurrentPartner() me: SignedInPartner) {
    return this.getBalance.execute(me.partnerId);
  }
}

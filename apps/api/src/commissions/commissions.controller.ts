import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { PaginationQueryDto, PartnerIdParamsDto } from '../partners/partners.schemas';
import { ProgramRefParamsDto } from '../programs/programs.schemas';
import { BalanceDto, CommissionDetailDto, CommissionIdParamsDto, CommissionPageDto, ReconciliationDto } from './commissions.schemas';
import { GetCommissionUseCase } from './use-cases/get-commission.use-case';
import { GetPartnerBalanceUseCase } from './use-cases/get-partner-balance.use-case';
import { ListPartnerCommissionsUseCase } from './use-cases/list-partner-commissions.use-case';
import { ReconcileLedgerUseCase } from './use-cases/reconcile-ledger.use-case';

@ApiTags('commissions')
@ApiBearerAuth()
@Controller('v1')
export class CommissionsController {
  constructor(
    private readonly listCommissions: ListPartnerCommissionsUseCase,
    private readonly getCommission: GetCommissionUseCase,
    private readonly getBalance: GetPartnerBalanceUseCase,
    private readonly reconcile: ReconcileLedgerUseCase,
  ) {}

  @Get('partners/:partnerId/commissions')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: CommissionPageDto })
  list(@Param() { partnerId }: PartnerIdParamsDto, @Query() page: PaginationQueryDto) {
    return this.listCommissions.execute(partnerId, page);
  }

  @Get('commissions/:commissionId')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: CommissionDetailDto, description: 'with its explanation and ledger entries' })
  get(@Param() { commissionId }: CommissionIdParamsDto) {
    return this.getCommission.execute(commissionId);
  }

  @Get('partners/:partnerId/balance')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: BalanceDto, description: 'pending, approved, paid and negative carry-over per currency' })
  balance(@Param() { partnerId }: PartnerIdParamsDto) {
    return this.getBalance.execute(partnerId);
  }

  @Get('programs/:programId/reconciliation')
  @Roles('finance', 'compliance')
  @ZodResponse({ status: 200, type: ReconciliationDto, description: 'every commission checked against its ledger entries' })
  reconciliation(@Param() { programId }: ProgramRefParamsDto) {
    return this.reconcile.execute(programId);
  }
}

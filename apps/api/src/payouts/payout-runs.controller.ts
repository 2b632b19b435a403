import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import {
  PayoutDecisionDto,
  PayoutDecisionResultDto,
  PayoutRunDto,
  PayoutRunParamsDto,
  PayoutRunQueryDto,
  ProgramRunParamsDto,
  StartPayoutRunDto,
} from './payouts.schemas';
import { DecidePayoutsUseCase } from './use-cases/decide-payouts.use-case';
import { GetPayoutRunUseCase } from './use-cases/get-payout-run.use-case';
import { StartPayoutRunUseCase } from './use-cases/start-payout-run.use-case';

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('v1')
export class PayoutRunsController {
  constructor(
    private readonly startRun: StartPayoutRunUseCase,
    private readonly getRun: GetPayoutRunUseCase,
    private readonly decide: DecidePayoutsUseCase,
  ) {}

  /** Run now: 201 with a new run, 200 with the existing run of the same period. */
  @Post('programs/:programId/payout-runs')
  @Roles('finance')
  @ZodResponse({ status: 201, type: PayoutRunDto, description: 'the run (200 when the period has one already)' })
  async start(@Param() { programId }: ProgramRunParamsDto, @Body() body: StartPayoutRunDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const { created, run } = await this.startRun.execute(programId, body, request.operator!);
    response.status(created ? 201 : 200).location(`/v1/payout-runs/${run.id}`);
    return run;
  }

  @Get('payout-runs/:runId')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: PayoutRunDto, description: 'per partner: amount, gates, approvals, provider status' })
  get(@Param() { runId }: PayoutRunParamsDto, @Query() query: PayoutRunQueryDto) {
    return this.getRun.execute(runId, query);
  }

  /** Money decisions are finance's (and admins'); 409 when the same approver approves twice or nothing waits. */
  @Post('payout-runs/:runId/approvals')
  @Roles('finance')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: PayoutDecisionResultDto, description: 'what the decision did, payout by payout' })
  approvals(@Param() { runId }: PayoutRunParamsDto, @Body() body: PayoutDecisionDto, @Req() request: AuthenticatedRequest) {
    return this.decide.execute(runId, body, request.operator!);
  }
}

import { Body, Controller, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { taxProfileInputSchema, type TaxProfileInput } from '@partnerflow/domain';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { SignedInPartner } from '../common/auth/partner-session.guard';
import { PaginationQueryDto } from '../partners/partners.schemas';
import { PayoutMethodBodyDto, PayoutMethodSavedDto, PayoutMethodViewDto } from '../payout-methods/payout-methods.schemas';
import { GetPayoutMethodUseCase } from '../payout-methods/use-cases/get-payout-method.use-case';
import { SetPayoutMethodUseCase } from '../payout-methods/use-cases/set-payout-method.use-case';
import { PayoutPageDto, PayoutParamsDto } from '../payouts/payouts.schemas';
import { RenderPayoutStatementUseCase, type StatementFormat } from '../payouts/statements/use-cases/render-payout-statement.use-case';
import { ListPartnerPayoutsUseCase } from '../payouts/use-cases/list-partner-payouts.use-case';
import { TaxProfileDto, TaxProfileInputDto } from '../tax/tax.schemas';
import { GetTaxProfileUseCase } from '../tax/use-cases/get-tax-profile.use-case';
import { SaveTaxProfileUseCase } from '../tax/use-cases/save-tax-profile.use-case';

const STATEMENT_FORMATS: Record<string, StatementFormat> = { 'text/csv': 'csv', 'application/pdf': 'pdf' };

/**
 * The partner's payouts, statements, tax form and payout method, through the payouts, tax and
 * payout-method modules' own use cases, scoped to the session's partner (the partner is the actor).
 */
@ApiTags('me (partner)')
@ApiBearerAuth()
@PartnerSession()
@Controller('v1/me')
export class MePayoutsController {
  constructor(
    private readonly listPayouts: ListPartnerPayoutsUseCase,
    private readonly renderStatement: RenderPayoutStatementUseCase,
    private readonly getTaxProfile: GetTaxProfileUseCase,
    private readonly saveTaxProfile: SaveTaxProfileUseCase,
    private readonly getPayoutMethod: GetPayoutMethodUseCase,
    private readonly setPayoutMethod: SetPayoutMethodUseCase,
  ) {}

  @Get('payouts')
  @ZodResponse({ status: 200, type: PayoutPageDto, description: 'newest first' })
  payouts(@CurrentPartner() me: SignedInPartner, @Query() page: PaginationQueryDto) {
    return this.listPayouts.execute(me.partnerId, page);
  }

  @Get('payouts/:payoutId/statement')
  @ApiProduces('text/csv', 'application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'the statement of one of the partner\'s own payouts; `Accept` picks CSV or PDF' })
  @ApiResponse({ status: 404, description: 'not one of the partner\'s payouts' })
  async statement(@CurrentPartner() me: SignedInPartner, @Param() { payoutId }: PayoutParamsDto, @Req() request: Request, @Res() response: Response) {
    const accepted = request.accepts(Object.keys(STATEMENT_FORMATS));
    if (!accepted) {
      response.status(406).json({
        error: { code: 'NOT_ACCEPTABLE', message: 'a statement is text/csv or application/pdf', details: [{ path: 'accept', message: 'must accept text/csv or application/pdf' }] },
      });
      return;
    }
    const file = await this.renderStatement.execute(payoutId, STATEMENT_FORMATS[accepted], { partnerId: me.partnerId });
    response
      .status(200)
      .set({ 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename}"`, 'cache-control': 'private, no-store' })
      .send(file.body);
  }

  @Get('tax-profile')
  @ZodResponse({ status: 200, type: TaxProfileDto, description: 'TINs masked; 404 until the partner submits one' })
  taxProfile(@CurrentPartner() me: SignedInPartner) {
    return this.getTaxProfile.execute(me.partnerId);
  }

  @Put('tax-profile')
  @ZodResponse({ status: 200, type: TaxProfileDto, description: 'the form on file, TINs masked; the same form again changes nothing' })
  @ApiBody({ type: TaxProfileInputDto, description: 'a W-9, W-8BEN or W-8BEN-E, by `formType`' })
  submitTaxProfile(@CurrentPartner() me: SignedInPartner, @Body(new ZodValidationPipe(taxProfileInputSchema)) form: TaxProfileInput, @Req() request: Request) {
    return this.saveTaxProfile.execute(me.partnerId, form, { operatorKeyId: me.partnerId, actorType: 'partner', requestId: request.header('x-request-id') });
  }

  @Get('payout-method')
  @ZodResponse({ status: 200, type: PayoutMethodViewDto, description: 'masked; 404 until the partner sets one' })
  payoutMethod(@CurrentPartner() me: SignedInPartner) {
    return this.getPayoutMethod.execute(me.partnerId);
  }

  @Put('payout-method')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: PayoutMethodSavedDto, description: 'a changed account holds the next payouts for a while (anti-takeover); audited' })
  setMethod(@CurrentPartner() me: SignedInPartner, @Body() body: PayoutMethodBodyDto, @Req() request: Request) {
    return this.setPayoutMethod.execute(me.partnerId, body, { operatorKeyId: me.partnerId, actorType: 'partner', requestId: request.header('x-request-id') });
  }
}

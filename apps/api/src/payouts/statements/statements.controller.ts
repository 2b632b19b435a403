import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../../common/auth/auth.decorators';
import { RenderPayoutStatementUseCase, type StatementFormat } from './use-cases/render-payout-statement.use-case';

class PayoutIdParamsDto extends createZodDto(z.object({ payoutId: z.string().min(1).max(64) })) {}

const FORMATS: Record<string, StatementFormat> = { 'text/csv': 'csv', 'application/pdf': 'pdf' };

/**
 * `Accept` picks the format (q-values honoured; `*` or no Accept gets CSV). Anything else is 406:
 * the error filter knows no such code, so the answer is written here in the API's error shape.
 */
@ApiTags('payouts')
@ApiBearerAuth()
@Controller('v1/payouts')
export class StatementsController {
  constructor(private readonly renderStatement: RenderPayoutStatementUseCase) {}

  @Get(':payoutId/statement')
  @Roles('finance', 'manager')
  @ApiProduces('text/csv', 'application/pdf')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description:
      'every ledger entry the payout pays (commissions with their explanation, reversals, earlier returns, carry-over), fees and totals per currency. ' +
      'CSV: a header block (field,value), the lines with the fees, and the totals, separated by empty rows',
  })
  @ApiResponse({ status: 404, description: 'unknown payout' })
  @ApiResponse({ status: 406, description: 'Accept names neither text/csv nor application/pdf' })
  async statement(@Param() { payoutId }: PayoutIdParamsDto, @Req() request: Request, @Res() response: Response) {
    const accepted = request.accepts(Object.keys(FORMATS));
    if (!accepted) {
      response.status(406).json({
        error: { code: 'NOT_ACCEPTABLE', message: 'a statement is text/csv or application/pdf', details: [{ path: 'accept', message: 'must accept text/csv or application/pdf' }] },
      });
      return;
    }
    const file = await this.renderStatement.execute(payoutId, FORMATS[accepted]);
    response
      .status(200)
      .set({ 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename}"`, 'cache-control': 'private, no-store' })
      .send(file.body);
  }
}

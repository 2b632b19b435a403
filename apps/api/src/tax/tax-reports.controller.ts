import { Controller, Get, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ZodSerializerDto } from 'nestjs-zod';
import { Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { ProgramRefParamsDto } from '../programs/programs.schemas';
import { Form1099NecReportDto, Form1099QueryDto } from './tax.schemas';
import { ReportForm1099NecUseCase } from './use-cases/report-form-1099-nec.use-case';

const wantsCsv = (accept: string | undefined) => /\btext\/csv\b/i.test(accept ?? '');

@ApiTags('tax')
@ApiBearerAuth()
@Controller('v1/programs/:programId/tax')
export class TaxReportsController {
  constructor(private readonly report1099: ReportForm1099NecUseCase) {}

  @Get('1099-nec')
  @Roles('finance', 'compliance')
  @ApiProduces('application/json', 'text/csv')
  // Not @ZodResponse: that types the handler as JSON-only, and the CSV answer is a file.
  @ZodSerializerDto(Form1099NecReportDto)
  @ApiOkResponse({
    type: Form1099NecReportDto,
    description:
      "US payees (W-9) whose paid payouts in the calendar year (UTC) reach the year's threshold, TINs masked. " +
      'With Accept: text/csv, the filing file: one row per recipient with the FULL TIN; every such export is audited',
  })
  async form1099Nec(@Param() { programId }: ProgramRefParamsDto, @Query() { year }: Form1099QueryDto, @ActingOperator() operator: OperatorAction, @Headers('accept') accept?: string) {
    if (!wantsCsv(accept)) return this.report1099.json(programId, year);
    const file = await this.report1099.csv(programId, year, operator);
    return new StreamableFile(Buffer.from(file.body, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${file.filename}"` });
  }
}

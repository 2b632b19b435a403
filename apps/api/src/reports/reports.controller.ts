import { Controller, Get, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ZodSerializerDto } from 'nestjs-zod';
import { REPORT_NAMES, reportCsv } from '@partnerflow/domain';
import { Roles } from '../common/auth/auth.decorators';
import { ReportDto, ReportParamsDto, ReportQueryDto } from './reports.schemas';
import { RunReportUseCase } from './use-cases/run-report.use-case';

const wantsCsv = (accept: string | undefined) => /\btext\/csv\b/i.test(accept ?? '');

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(ReportDto)
@Controller('v1/programs/:programId/reports')
export class ReportsController {
  constructor(private readonly runReport: RunReportUseCase) {}

  @Get(':name')
  @Roles('manager', 'finance', 'viewer')
  @ApiOperation({
    summary: 'A program report',
    description:
      `Reports: ${REPORT_NAMES.join(', ')} (404 for another name, listing these). The range is \`from\` inclusive to \`to\` ` +
      'exclusive (dates are UTC midnight); periods are UTC days, weeks from Monday or calendar months. Every answer says what it ' +
      'counts (`definition`), in which currency, and anything left out (`notes`). `Accept: text/csv` exports the rows and the ' +
      'totals (RFC 4180; money as decimals, with a currency column).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ZodSerializerDto(ReportDto)
  @ApiOkResponse({
    description: 'the report; with `Accept: text/csv`, its rows and totals as CSV (`?table=trend`: the cohort trend)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReportDto) } },
      'text/csv': { schema: { type: 'string', example: 'group,start,end,grossRevenue,…,currency\r\n2026-05,2026-05-01T00:00:00.000Z,…,EUR\r\n' } },
    },
  })
  async report(@Param() { programId, name }: ReportParamsDto, @Query() query: ReportQueryDto, @Headers() headers: Record<string, string | undefined>) {
    const accept = headers.accept;
    const { report, programSlug, csvTable } = await this.runReport.execute(programId, name, query);
    if (!wantsCsv(accept)) return report;
    const csv =
      csvTable === 'trend' && report.trend
        ? reportCsv(report.trend.columns, report.trend.rows, report.currency)
        : reportCsv(report.columns, [...report.rows, ...(report.totals ? [report.totals] : [])], report.currency);
    const file = `${report.report}-${programSlug}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}${csvTable === 'trend' ? '-trend' : ''}.csv`;
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${file}"` });
  }
}

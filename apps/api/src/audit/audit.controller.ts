import { Readable } from 'node:stream';
import { Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ZodSerializerDto } from 'nestjs-zod';
import { Roles } from '../common/auth/auth.decorators';
import { AuditPageDto, AuditQueryDto } from './audit.schemas';
import { AUDIT_CSV_COLUMNS, auditCsvRow } from './audit.views';
import { ListAuditEntriesUseCase } from './use-cases/list-audit-entries.use-case';

const wantsCsv = (accept: string | undefined) => /\btext\/csv\b/i.test(accept ?? '');

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly listEntries: ListAuditEntriesUseCase) {}

  @Get()
  @Roles('compliance')
  @ApiProduces('application/json', 'text/csv')
  // Not @ZodResponse: the handler answers JSON (checked against AuditPageDto) or a CSV stream (passed through).
  @ZodSerializerDto(AuditPageDto)
  @ApiOkResponse({
    type: AuditPageDto,
    description: 'oldest first. With `Accept: text/csv`: every matching entry from the cursor on, one row each, before/after as JSON',
  })
  async list(@Query() query: AuditQueryDto, @Headers('accept') accept?: string) {
    if (!wantsCsv(accept)) return this.listEntries.page(query);
    const entries = this.listEntries.all(query);
    async function* lines() {
      yield AUDIT_CSV_COLUMNS.join(',') + '\r\n';
      for await (const entry of entries) yield auditCsvRow(entry);
    }
    return new StreamableFile(Readable.from(lines()), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="audit.csv"' });
  }
}

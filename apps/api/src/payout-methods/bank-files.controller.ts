import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { BankFileListDto, BankFileParamsDto, RunIdParamsDto } from './payout-methods.schemas';
import { DownloadBankFileUseCase } from './use-cases/download-bank-file.use-case';
import { ListBankFilesUseCase } from './use-cases/list-bank-files.use-case';

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('v1/payout-runs/:runId/bank-files')
export class BankFilesController {
  constructor(
    private readonly listFiles: ListBankFilesUseCase,
    private readonly downloadFile: DownloadBankFileUseCase,
  ) {}

  @Get()
  @Roles('finance')
  @ZodResponse({ status: 200, type: BankFileListDto, description: "the run's bank-transfer payouts as files to upload to the bank" })
  list(@Param() { runId }: RunIdParamsDto) {
    return this.listFiles.execute(runId);
  }

  @Get(':name')
  @Roles('finance')
  @ApiProduces('application/xml', 'text/csv')
  @ApiOkResponse({ description: 'the file with full account numbers (every download is audited): pain.001.001.09 XML or a CSV batch' })
  async download(@Param() { runId, name }: BankFileParamsDto, @ActingOperator() operator: OperatorAction) {
    const file = await this.downloadFile.execute(runId, name, operator);
    return new StreamableFile(Buffer.from(file.body, 'utf8'), { type: file.contentType, disposition: `attachment; filename="${file.name}"` });
  }
}

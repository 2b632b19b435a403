import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Roles } from '../common/auth/auth.decorators';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import { PartnerIdParamsDto } from '../partners/partners.schemas';
import { ErasureDto, PartnerExportDto } from './privacy.schemas';
import { ErasePartnerDataUseCase } from './use-cases/erase-partner-data.use-case';
import { ExportPartnerDataUseCase } from './use-cases/export-partner-data.use-case';

/** Data subject requests: access (export) and erasure. Compliance (and admin) only. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1/partners/:partnerId')
export class PrivacyController {
  constructor(
    private readonly exportData: ExportPartnerDataUseCase,
    private readonly eraseData: ErasePartnerDataUseCase,
  ) {}

  @Get('export')
  @Roles('compliance')
  @ZodResponse({ status: 200, type: PartnerExportDto, description: 'everything about the partner; recorded in the audit log' })
  export(@Param() { partnerId }: PartnerIdParamsDto, @Req() request: AuthenticatedRequest) {
    return this.exportData.execute(partnerId, request.operator!.keyId, request.header('x-request-id'));
  }

  @Post('erase')
  @Roles('compliance')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: ErasureDto, description: 'personal data overwritten; ledger and audit rows kept under the partner id' })
  @ApiResponse({ status: 409, description: 'the partner is still in the program: terminate it first' })
  erase(@Param() { partnerId }: PartnerIdParamsDto, @Req() request: AuthenticatedRequest) {
    return this.eraseData.execute(partnerId, request.operator!.keyId, request.header('x-request-id'));
  }
}

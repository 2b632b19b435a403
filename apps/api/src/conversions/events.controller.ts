import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { Public } from '../common/auth/auth.decorators';
import { ProgramIdParamsDto } from '../partners/partners.schemas';
import { conversionRecordedView } from './conversion.views';
import { ConversionRecordedDto, ConversionReportDto } from './conversions.schemas';
import { parseSignatureHeader } from './postback-auth';
import { IngestEventUseCase } from './use-cases/ingest-event.use-case';

const bearerToken = (header: string | undefined) => (header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined);

@ApiTags('tracking')
@Controller('v1/programs/:programId/events')
export class EventsController {
  constructor(private readonly ingestEvent: IngestEventUseCase) {}

  @Post()
  // Not an operator key: the merchant's server proves itself with the program's postback secret.
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'a merchant-side conversion event; a repeat of (externalId, type) answers 200 with the first ids' })
  @ApiHeader({ name: 'Authorization', required: false, description: "`Bearer <the program's postback secret>`" })
  @ApiHeader({
    name: 'X-Partnerflow-Signature',
    required: false,
    description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the postback secret>` instead of the bearer secret',
  })
  @ZodResponse({ status: 201, type: ConversionRecordedDto, description: 'recorded and attributed' })
  @ApiOkResponse({ type: ConversionRecordedDto, description: 'a repeat: nothing new was written' })
  async record(
    @Param() { programId }: ProgramIdParamsDto,
    @Body() body: ConversionReportDto,
    @Req() request: Request & { rawBody?: Buffer },
    @Res({ passthrough: true }) response: Response,
  ) {
    const signature = parseSignatureHeader(request.header('x-partnerflow-signature'));
    const { conversion, repeat } = await this.ingestEvent.execute(programId, body, {
      token: bearerToken(request.header('authorization')),
      ...signature,
      signedPayload: request.rawBody?.toString('utf8'),
    });
    if (repeat) response.status(200);
    return conversionRecordedView(conversion, repeat);
  }
}

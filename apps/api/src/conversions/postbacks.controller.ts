import { All, applyDecorators, Controller, HttpCode, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { Public } from '../common/auth/auth.decorators';
import { conversionRecordedView } from './conversion.views';
import { ConversionRecordedDto } from './conversions.schemas';
import { IngestPostbackUseCase } from './use-cases/ingest-postback.use-case';

const PARAMS = [
  ['program', 'the program id or slug (required)'],
  ['token', "the program's postback secret — or sign with ts + signature"],
  ['ts', 'unix seconds the request was signed at'],
  ['signature', 'hex HMAC-SHA256 of "<ts>.<query without signature>" (GET) or "<ts>.<raw body>" (POST) with the secret'],
  ['event', 'conversion type: lead, signup, trial_start, sale, deposit, renewal, trade, refund, chargeback'],
  ['external_id', "the merchant's id of this event; (external_id, event) is deduplicated"],
  ['click_id', 'the click id the destination received'],
  ['coupon', 'a coupon code the customer used'],
  ['amount', 'decimal amount, e.g. 49.99'],
  ['currency', 'ISO 4217 code'],
  ['customer_id', "the merchant's customer id (recurring revenue)"],
  ['customer_email', 'hashed, for the self-referral check'],
  ['ip', "the customer's IP, hashed, for velocity checks"],
  ['occurred_at', 'ISO 8601 time of the event (default: now)'],
  ['refers_to', 'refund/chargeback: external_id of the original'],
] as const;

const DocumentedParams = () => applyDecorators(...PARAMS.map(([name, description]) => ApiQuery({ name, required: false, description })));

@ApiTags('tracking')
@Controller('v1/postbacks')
export class PostbacksController {
  constructor(private readonly ingestPostback: IngestPostbackUseCase) {}

  // GET for networks that can only call a URL template, POST (form or JSON) for the rest.
  @All()
  // Not an operator key: the network proves itself with the program's postback secret.
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'server-to-server conversion (GET or POST); a repeat of (external_id, event) answers 200 with the first ids' })
  @ApiOkResponse({ type: ConversionRecordedDto, description: 'a repeat: nothing new was written' })
  @ZodResponse({ status: 201, type: ConversionRecordedDto, description: 'recorded and attributed' })
  @DocumentedParams()
  async receive(@Req() request: Request & { rawBody?: Buffer }, @Res({ passthrough: true }) response: Response) {
    const body = request.method === 'POST' && request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const queryAt = request.originalUrl.indexOf('?');
    const { conversion, repeat } = await this.ingestPostback.execute({
      params: { ...(request.query as Record<string, unknown>), ...body },
      rawQuery: queryAt < 0 ? '' : request.originalUrl.slice(queryAt + 1),
      // A POST signs its body; a POST with an empty body signs its query like a GET.
      rawBody: request.method === 'POST' && request.rawBody?.length ? request.rawBody.toString('utf8') : undefined,
    });
    if (repeat) response.status(200);
    return conversionRecordedView(conversion, repeat);
  }
}

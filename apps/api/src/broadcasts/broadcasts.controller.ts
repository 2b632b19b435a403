import { Readable } from 'node:stream';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { SignedInPartner } from '../common/auth/partner-session.guard';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { broadcastView } from './broadcast.views';
import {
  AcknowledgedDto,
  BroadcastDetailDto,
  BroadcastDto,
  BroadcastIdParamsDto,
  BroadcastListQueryDto,
  BroadcastPageDto,
  CreateBroadcastDto,
  ProgramBroadcastsParamsDto,
  RecipientsQueryDto,
} from './broadcasts.schemas';
import { AcknowledgeBroadcastUseCase } from './use-cases/acknowledge-broadcast.use-case';
import { CancelBroadcastUseCase } from './use-cases/cancel-broadcast.use-case';
import { CreateBroadcastUseCase } from './use-cases/create-broadcast.use-case';
import { GetBroadcastUseCase } from './use-cases/get-broadcast.use-case';
import { ListBroadcastsUseCase } from './use-cases/list-broadcasts.use-case';

const wantsCsv = (accept: string | undefined) => /\btext\/csv\b/i.test(accept ?? '');

@ApiTags('broadcasts')
@ApiBearerAuth()
@Controller('v1')
export class BroadcastsController {
  constructor(
    private readonly createBroadcast: CreateBroadcastUseCase,
    private readonly listBroadcasts: ListBroadcastsUseCase,
    private readonly getBroadcast: GetBroadcastUseCase,
    private readonly acknowledgeBroadcast: AcknowledgeBroadcastUseCase,
    private readonly cancelBroadcast: CancelBroadcastUseCase,
  ) {}

  @Post('programs/:programId/broadcasts')
  @Roles('manager', 'compliance')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat with the same key answers 200 with the first broadcast' })
  @ZodResponse({ status: 201, type: BroadcastDto, description: 'stored; its workflow sends it at scheduleAt (or now)' })
  @ApiOkResponse({ type: BroadcastDto, description: 'a repeat of an Idempotency-Key: nothing new was created' })
  async create(
    @Param() { programId }: ProgramBroadcastsParamsDto,
    @Body() body: CreateBroadcastDto,
    @ActingOperator() operator: OperatorAction,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const { broadcast, repeat } = await this.createBroadcast.execute(programId, body, idempotencyKey?.trim() || undefined, operator);
    if (repeat) response.status(200);
    return broadcastView(broadcast);
  }

  @Get('programs/:programId/broadcasts')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: BroadcastPageDto, description: 'newest first' })
  list(@Param() { programId }: ProgramBroadcastsParamsDto, @Query() page: BroadcastListQueryDto) {
    return this.listBroadcasts.execute(programId, page);
  }

  @Get('broadcasts/:broadcastId')
  @Roles(...ALL_OPERATOR_ROLES)
  @ApiProduces('application/json', 'text/csv')
  @ZodResponse({ status: 200, type: BroadcastDetailDto, description: 'counts and a page of recipients; with `Accept: text/csv`, every recipient row' })
  async detail(@Param() { broadcastId }: BroadcastIdParamsDto, @Query() query: RecipientsQueryDto, @Headers('accept') accept?: string) {
    if (!wantsCsv(accept)) return this.getBroadcast.execute(broadcastId, query);
    const lines = await this.getBroadcast.csv(broadcastId, query.recipients);
    const file = new StreamableFile(Readable.from(lines), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${broadcastId}-recipients.csv"` });
    // The serializer passes a StreamableFile through untouched; the type only has to satisfy the JSON contract.
    return file as unknown as Awaited<ReturnType<GetBroadcastUseCase['execute']>>;
  }

  @Post('broadcasts/:broadcastId/cancel')
  @Roles('manager', 'compliance')
  @HttpCode(200)
  @ZodResponse({
    status: 200,
    type: BroadcastDto,
    description:
      'cancelled (a repeat answers the same): sending stops at the next batch boundary, recipients not reached get nothing, reminders stop; 409 when it has already finished',
  })
  cancel(@Param() { broadcastId }: BroadcastIdParamsDto, @ActingOperator() operator: OperatorAction) {
    return this.cancelBroadcast.execute(broadcastId, operator);
  }

  /** The partner's own acknowledgement of a compliance notice (partner session, not an operator key). */
  @Post('broadcasts/:broadcastId/ack')
  @PartnerSession()
  @HttpCode(200)
  @ZodResponse({ status: 200, type: AcknowledgedDto, description: 'acknowledged (a repeat answers the first time)' })
  acknowledge(@Param() { broadcastId }: BroadcastIdParamsDto, @CurrentPartner() partner: SignedInPartner) {
    return this.acknowledgeBroadcast.execute(broadcastId, partner);
  }
}

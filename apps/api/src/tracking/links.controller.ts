import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import type { Env } from '@partnerflow/domain';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { IdempotencyKey } from '../common/idempotency-key';
import { ENV } from '../common/tokens';
import { PaginationQueryDto, PartnerIdParamsDto } from '../partners/partners.schemas';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { trackingUrl } from './link.views';
import { CreateLinkDto, LinkCreatedDto, LinkPageDto } from './tracking.schemas';
import { CreateLinkUseCase } from './use-cases/create-link.use-case';
import { ListPartnerLinksUseCase } from './use-cases/list-partner-links.use-case';

@ApiTags('tracking')
@ApiBearerAuth()
@Controller('v1/partners/:partnerId/links')
export class LinksController {
  constructor(
    private readonly createLink: CreateLinkUseCase,
    private readonly listLinks: ListPartnerLinksUseCase,
    @Inject(ENV) private readonly env: Env,
  ) {}

  @Post()
  @Roles('manager')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat with the same key answers 200 with the first link; other values for the key: 409' })
  @ZodResponse({ status: 201, type: LinkCreatedDto, description: 'link created' })
  @ApiOkResponse({ type: LinkCreatedDto, description: 'a repeat of an Idempotency-Key: nothing new was created' })
  async create(
    @Param() { partnerId }: PartnerIdParamsDto,
    @Body() body: CreateLinkDto,
    @ActingOperator() operator: OperatorAction,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    const { link, repeat } = await this.createLink.execute(partnerId, body, operator, idempotencyKey);
    if (repeat) response.status(200);
    return { linkId: link.id, slug: link.slug, url: trackingUrl(this.baseUrl(request), link.slug), destination: link.destination };
  }

  @Get()
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: LinkPageDto })
  list(@Param() { partnerId }: PartnerIdParamsDto, @Query() page: PaginationQueryDto, @Req() request: Request) {
    return this.listLinks.execute(partnerId, page, this.baseUrl(request));
  }

  /** Where tracking URLs point: PUBLIC_BASE_URL, else the origin this request reached. */
  private baseUrl(request: Request): string {
    return this.env.PUBLIC_BASE_URL ?? `${request.protocol}://${request.get('host')}`;
  }
}

import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import type { Env } from '@partnerflow/domain';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { SignedInPartner } from '../common/auth/partner-session.guard';
import { IdempotencyKey } from '../common/idempotency-key';
import { ENV } from '../common/tokens';
import { PaginationQueryDto } from '../partners/partners.schemas';
import { trackingUrl } from '../tracking/link.views';
import { CreateLinkDto, LinkCreatedDto, LinkPageDto } from '../tracking/tracking.schemas';
import { CreateLinkUseCase } from '../tracking/use-cases/create-link.use-case';
import { ListPartnerLinksUseCase } from '../tracking/use-cases/list-partner-links.use-case';

/** The partner's own tracking links, through the same use cases operators use. */
@ApiTags('me (partner)')
@ApiBearerAuth()
@PartnerSession()
@Controller('v1/me/links')
export class MeLinksController {
  constructor(
    private readonly createLink: CreateLinkUseCase,
    private readonly listLinks: ListPartnerLinksUseCase,
    @Inject(ENV) private readonly env: Env,
  ) {}

  @Get()
  @ZodResponse({ status: 200, type: LinkPageDto })
  list(@CurrentPartner() me: SignedInPartner, @Query() page: PaginationQueryDto, @Req() request: Request) {
    return this.listLinks.execute(me.partnerId, page, this.baseUrl(request));
  }

  @Post()
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat with the same key answers 200 with the first link; other values for the key: 409' })
  @ZodResponse({ status: 201, type: LinkCreatedDto, description: "link created (destination on the program's allowed domains)" })
  @ApiOkResponse({ type: LinkCreatedDto, description: 'a repeat of an Idempotency-Key: nothing new was created' })
  async create(
    @CurrentPartner() me: SignedInPartner,
    @Body() body: CreateLinkDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @IdempotencyKey() idempotencyKey?: string,
  ) {
    const action = { operatorKeyId: me.partnerId, actorType: 'partner' as const, requestId: request.header('x-request-id') };
    const { link, repeat } = await this.createLink.execute(me.partnerId, body, action, idempotencyKey);
    if (repeat) response.status(200);
    return { linkId: link.id, slug: link.slug, url: trackingUrl(this.baseUrl(request), link.slug), destination: link.destination };
  }

  private baseUrl(request: Request): string {
    return this.env.PUBLIC_BASE_URL ?? `${request.protocol}://${request.get('host')}`;
  }
}

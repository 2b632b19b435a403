import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Env } from '@partnerflow/domain';
import { Public } from '../common/auth/auth.decorators';
import { ENV } from '../common/tokens';
import { FollowLinkUseCase } from './use-cases/follow-link.use-case';
import { clickCookie, visitOf } from './visit';

@ApiTags('tracking')
@Controller('r')
export class RedirectController {
  private readonly httpsBaseUrl: boolean;

  constructor(
    private readonly followLink: FollowLinkUseCase,
    @Inject(ENV) env: Env,
  ) {
    this.httpsBaseUrl = env.PUBLIC_BASE_URL?.startsWith('https:') ?? false;
  }

  @Get(':slug')
  @Public()
  @ApiResponse({ status: 302, description: 'to the destination with the click id appended; sets the click cookie' })
  @ApiNotFoundResponse({ description: 'no such link' })
  async follow(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const redirect = await this.followLink.execute(slug, visitOf(request));
    // Written by hand: express's res.redirect() adds a body and content negotiation this path does not need.
    response.statusCode = 302;
    response.setHeader('Location', redirect.location);
    response.setHeader('Set-Cookie', clickCookie(redirect.cookie, this.httpsBaseUrl || request.secure));
    // Every visit must reach us to be counted: no browser or proxy may replay the redirect from a cache.
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer-when-downgrade');
    response.setHeader('Content-Length', '0');
    response.end();
  }
}

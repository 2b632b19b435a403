import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Env } from '@partnerflow/domain';
import { Public } from '../common/auth/auth.decorators';
import { ENV } from '../common/tokens';
import { writeRedirect } from './redirect/redirect-response';
import { FollowLinkUseCase } from './use-cases/follow-link.use-case';
import { visitOf } from './visit';

/**
 * The documented route of the redirect. Most redirects never reach it: redirect/fast-redirect.ts
 * answers them before Nest with the same use case and response writer; this controller answers
 * what that path passes on (unusual URLs, failures).
 */
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
  @ApiOperation({
    summary: 'follow a tracking link',
    description:
      'Records the click, then redirects with the click id in the query and two first-party cookies for the ' +
      'attribution window: `<cookieName>` (the click id) and `<cookieName>_v` (the visitor id, kept across clicks). ' +
      '`?sub1…sub5` override the link’s sub ids.',
  })
  @ApiResponse({ status: 302, description: 'to the destination with the click id appended; sets the click and visitor cookies' })
  @ApiNotFoundResponse({ description: 'no such link' })
  async follow(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const redirect = await this.followLink.execute(slug, visitOf(request));
    writeRedirect(response, redirect, this.httpsBaseUrl || request.secure);
  }
}

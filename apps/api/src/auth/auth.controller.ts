import { Body, Controller, Delete, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Public } from '../common/auth/auth.decorators';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { PartnerRequest, SignedInPartner } from '../common/auth/partner-session.guard';
import { MagicLinkAcceptedDto, MagicLinkRequestDto, SessionDto, SessionRequestDto } from './auth.schemas';
import { EndPartnerSessionUseCase } from './use-cases/end-partner-session.use-case';
import { RequestMagicLinkUseCase } from './use-cases/request-magic-link.use-case';
import { StartPartnerSessionUseCase } from './use-cases/start-partner-session.use-case';

@ApiTags('partner access')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly requestMagicLink: RequestMagicLinkUseCase,
    private readonly startSession: StartPartnerSessionUseCase,
    private readonly endSession: EndPartnerSessionUseCase,
  ) {}

  @Post('magic-link')
  @Public()
  @HttpCode(202)
  @ZodResponse({ status: 202, type: MagicLinkAcceptedDto, description: 'the same answer whether or not the email belongs to a partner' })
  @ApiResponse({ status: 429, description: 'too many requests from this IP or for this email (Retry-After)' })
  async magicLink(@Body() body: MagicLinkRequestDto) {
    await this.requestMagicLink.execute(body);
    return { accepted: true as const, message: 'if the address belongs to a partner of this program who may sign in, a sign-in link is on its way' };
  }

  @Post('session')
  @Public()
  @HttpCode(201)
  @ZodResponse({ status: 201, type: SessionDto, description: 'a session token for /v1/me/…' })
  @ApiResponse({ status: 401, description: 'the token is invalid, used or expired' })
  session(@Body() { token }: SessionRequestDto, @Req() request: PartnerRequest) {
    return this.startSession.execute(token, request.header('x-request-id'));
  }

  @Delete('session')
  @PartnerSession()
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'signed out: the token no longer works' })
  async signOut(@CurrentPartner() partner: SignedInPartner, @Req() request: PartnerRequest) {
    await this.endSession.execute(request.partnerSessionId!, partner.partnerId, request.header('x-request-id'));
  }
}

import { Body, Controller, Get, Patch, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { SignedInPartner } from '../common/auth/partner-session.guard';
import { ProfileDto, ProfileUpdateDto, StatsDto, StatsQueryDto } from './me.schemas';
import { GetMyProfileUseCase } from './use-cases/get-my-profile.use-case';
import { GetMyStatsUseCase } from './use-cases/get-my-stats.use-case';
import { UpdateMyProfileUseCase } from './use-cases/update-my-profile.use-case';

/** The signed-in partner's profile and performance. Partner session tokens only (POST /v1/auth/session). */
@ApiTags('me (partner)')
@ApiBearerAuth()
@PartnerSession()
@Controller('v1/me')
export class MeProfileController {
  constructor(
    private readonly getProfile: GetMyProfileUseCase,
    private readonly updateProfile: UpdateMyProfileUseCase,
    private readonly getStats: GetMyStatsUseCase,
  ) {}

  @Get()
  @ZodResponse({ status: 200, type: ProfileDto })
  profile(@CurrentPartner() me: SignedInPartner) {
    return this.getProfile.execute(me.partnerId);
  }

  @Patch()
  @ZodResponse({ status: 200, type: ProfileDto, description: 'name, website, channels and the notice language (locale) are the partner\'s to change' })
  update(@CurrentPartner() me: SignedInPartner, @Body() body: ProfileUpdateDto, @Req() request: Request) {
    return this.updateProfile.execute(me.partnerId, body, request.header('x-request-id'));
  }

  @Get('stats')
  @ZodResponse({ status: 200, type: StatsDto })
  stats(@CurrentPartner() me: SignedInPartner, @Query() query: StatsQueryDto) {
    return this.getStats.execute(me.partnerId, query);
  }
}

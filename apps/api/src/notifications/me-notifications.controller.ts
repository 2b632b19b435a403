import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { SignedInPartner } from '../common/auth/partner-session.guard';
import { PreferencesDto, UpdatePreferencesDto } from './notifications.schemas';
import { GetNotificationPreferencesUseCase } from './use-cases/get-notification-preferences.use-case';
import { UpdateNotificationPreferencesUseCase } from './use-cases/update-notification-preferences.use-case';

/** The partner's own notification preferences, through their session token. */
@ApiTags('me')
@ApiBearerAuth()
@PartnerSession()
@Controller('v1/me/notification-preferences')
export class MeNotificationsController {
  constructor(
    private readonly getPreferences: GetNotificationPreferencesUseCase,
    private readonly updatePreferences: UpdateNotificationPreferencesUseCase,
  ) {}

  @Get()
  @ZodResponse({ status: 200, type: PreferencesDto })
  preferences(@CurrentPartner() me: SignedInPartner) {
    return this.getPreferences.execute(me.partnerId);
  }

  @Put()
  @ApiOperation({ summary: 'Choose which optional notifications to receive and where; mandatory ones cannot be switched off (400)' })
  @ZodResponse({ status: 200, type: PreferencesDto })
  update(@CurrentPartner() me: SignedInPartner, @Body() body: UpdatePreferencesDto) {
    return this.updatePreferences.execute(me.partnerId, body, { type: 'partner', id: me.partnerId });
  }
}

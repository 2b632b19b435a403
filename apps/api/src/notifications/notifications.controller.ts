import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { PartnerIdParamsDto } from '../partners/partners.schemas';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { ProgramRefParamsDto } from '../programs/programs.schemas';
import { NotificationRuleSetDto, PreferencesDto, RuleSetVersionDto, UpdatePreferencesDto } from './notifications.schemas';
import { GetNotificationPreferencesUseCase } from './use-cases/get-notification-preferences.use-case';
import { GetNotificationRulesUseCase } from './use-cases/get-notification-rules.use-case';
import { SaveNotificationRulesUseCase } from './use-cases/save-notification-rules.use-case';
import { UpdateNotificationPreferencesUseCase } from './use-cases/update-notification-preferences.use-case';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1')
export class NotificationsController {
  constructor(
    private readonly getPreferences: GetNotificationPreferencesUseCase,
    private readonly updatePreferences: UpdateNotificationPreferencesUseCase,
    private readonly getRules: GetNotificationRulesUseCase,
    private readonly saveRules: SaveNotificationRulesUseCase,
  ) {}

  @Get('partners/:partnerId/notification-preferences')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: PreferencesDto })
  preferences(@Param() { partnerId }: PartnerIdParamsDto) {
    return this.getPreferences.execute(partnerId);
  }

  @Put('partners/:partnerId/notification-preferences')
  @Roles('manager')
  @ApiOperation({ summary: 'Change the partner\'s choices (kinds not named stay); mandatory kinds cannot be switched off (400)' })
  @ZodResponse({ status: 200, type: PreferencesDto })
  update(@Param() { partnerId }: PartnerIdParamsDto, @Body() body: UpdatePreferencesDto, @ActingOperator() operator: OperatorAction) {
    return this.updatePreferences.execute(partnerId, body, { type: 'operator', id: operator.operatorKeyId, requestId: operator.requestId });
  }

  @Get('programs/:programId/notification-rules')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: RuleSetVersionDto, description: 'the current rules (version 0: the defaults)' })
  rules(@Param() { programId }: ProgramRefParamsDto) {
    return this.getRules.execute(programId);
  }

  @Put('programs/:programId/notification-rules')
  @HttpCode(201)
  @Roles('manager')
  @ApiOperation({ summary: 'Save the program\'s event → notification rules as the next version (400 with paths when invalid)' })
  @ZodResponse({ status: 201, type: RuleSetVersionDto })
  saveRuleSet(@Param() { programId }: ProgramRefParamsDto, @Body() body: NotificationRuleSetDto, @ActingOperator() operator: OperatorAction) {
    return this.saveRules.execute(programId, body, operator);
  }
}

import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { MeNotificationsController } from './me-notifications.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { GetNotificationPreferencesUseCase } from './use-cases/get-notification-preferences.use-case';
import { GetNotificationRulesUseCase } from './use-cases/get-notification-rules.use-case';
import { SaveNotificationRulesUseCase } from './use-cases/save-notification-rules.use-case';
import { UpdateNotificationPreferencesUseCase } from './use-cases/update-notification-preferences.use-case';

/** Partners' notification preferences and programs' event → notification rules (issue 7). */
@Module({
  imports: [ProgramsModule],
  controllers: [NotificationsController, MeNotificationsController],
  providers: [NotificationsRepository, GetNotificationPreferencesUseCase, UpdateNotificationPreferencesUseCase, GetNotificationRulesUseCase, SaveNotificationRulesUseCase],
  exports: [GetNotificationPreferencesUseCase, UpdateNotificationPreferencesUseCase],
})
export class NotificationsModule {}

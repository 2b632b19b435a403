import { Injectable } from '@nestjs/common';
import type { MessageChannel } from '@partnerflow/db';
import { DomainError, ErrorCode, type UpdateNotificationPreferences } from '@partnerflow/domain';
import { NotificationsRepository, type PreferenceActor } from '../notifications.repository';
import { GetNotificationPreferencesUseCase } from './get-notification-preferences.use-case';

/**
 * The partner (or an operator for them) chooses which optional notifications to receive and on
 * which channel. Mandatory kinds cannot be switched off: the request schema refuses it (400).
 */
@Injectable()
export class UpdateNotificationPreferencesUseCase {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly getPreferences: GetNotificationPreferencesUseCase,
  ) {}

  async execute(partnerId: string, request: UpdateNotificationPreferences, actor: PreferenceActor) {
    if (!(await this.notifications.findPartner(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const changes = Object.entries(request.preferences).map(([kind, preference]) => ({
      kind,
      enabled: preference!.enabled,
      channels: (preference!.channels ?? []) as MessageChannel[],
    }));
    if (changes.length > 0) await this.notifications.updatePreferences(partnerId, changes, actor);
    return this.getPreferences.execute(partnerId);
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS } from '@partnerflow/domain';
import { NotificationsRepository } from '../notifications.repository';

/** Every kind of automated notification, with the partner's choice (on, on the rule's channels, when none). */
@Injectable()
export class GetNotificationPreferencesUseCase {
  constructor(private readonly notifications: NotificationsRepository) {}

  async execute(partnerId: string) {
    if (!(await this.notifications.findPartner(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const stored = new Map((await this.notifications.preferences(partnerId)).map((row) => [row.kind, row]));
    return {
      partnerId,
      preferences: NOTIFICATION_KIND_NAMES.map((kind) => {
        const row = stored.get(kind);
        const { category, mandatory, description } = NOTIFICATION_KINDS[kind];
        return {
          kind,
          category,
          mandatory,
          description,
          enabled: mandatory || (row?.enabled ?? true),
          channels: row && row.channels.length > 0 ? row.channels : null,
          updatedAt: row?.updatedAt.toISOString() ?? null,
          updatedBy: row?.updatedBy ?? null,
        };
      }),
    };
  }
}

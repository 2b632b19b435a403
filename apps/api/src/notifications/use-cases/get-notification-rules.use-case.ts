import { Injectable } from '@nestjs/common';
import { DEFAULT_NOTIFICATION_RULES, notificationRuleSetSchema } from '@partnerflow/domain';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { NotificationsRepository } from '../notifications.repository';

/** The rules the program's events are notified by now: its latest version, or the defaults (version 0). */
@Injectable()
export class GetNotificationRulesUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly notifications: NotificationsRepository,
  ) {}

  async execute(programRef: string) {
    const program = await this.getProgram.execute(programRef);
    const current = await this.notifications.currentRuleSet(program.id);
    if (!current) return { programId: program.id, version: 0, document: DEFAULT_NOTIFICATION_RULES, createdBy: null, createdAt: null };
    return {
      programId: program.id,
      version: current.version,
      document: notificationRuleSetSchema.parse(current.document),
      createdBy: current.createdBy,
      createdAt: current.createdAt.toISOString(),
    };
  }
}

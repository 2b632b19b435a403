import { Injectable } from '@nestjs/common';
import { DEFAULT_NOTIFICATION_TEMPLATES, DomainError, ErrorCode, type NotificationRuleSet } from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { NotificationsRepository } from '../notifications.repository';
import { GetNotificationRulesUseCase } from './get-notification-rules.use-case';

/**
 * An operator replaces the program's notification rules (validated by the request schema) with a
 * new version; events dispatched from then on use it. Each rule's template must exist — saved by
 * the program or built in — so a rule cannot fail for want of one when its event comes.
 */
@Injectable()
export class SaveNotificationRulesUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly notifications: NotificationsRepository,
    private readonly getRules: GetNotificationRulesUseCase,
  ) {}

  async execute(programRef: string, document: NotificationRuleSet, action: OperatorAction) {
    const program = await this.getProgram.execute(programRef);
    const saved = await this.notifications.templateKeys(program.id, document.rules.map((rule) => rule.template));
    const missing = document.rules
      .map((rule, index) => ({ rule, index }))
      .filter(({ rule }) => !saved.has(rule.template) && !DEFAULT_NOTIFICATION_TEMPLATES[rule.template]);
    if (missing.length > 0) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'the request is invalid',
        missing.map(({ rule, index }) => ({ path: `rules.${index}.template`, message: `the program has no template ${rule.template} and there is no built-in one: save it first` })),
      );
    }
    await this.notifications.saveRuleSet(program.id, document, action);
    return this.getRules.execute(program.id);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { MessageChannel, NotificationPreference, NotificationRuleSet, Partner, Prisma, PrismaClient } from '@partnerflow/db';
import { newId, type NotificationRuleSet as RuleSetDocument } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

export interface PreferenceChange {
  kind: string;
  enabled: boolean;
  channels: MessageChannel[];
}

/** Who changed preferences: an operator key, or the partner in their session. */
export type PreferenceActor = { type: 'operator'; id: string; requestId?: string } | { type: 'partner'; id: string };

/** The only path to Prisma for notification preferences and rule sets. */
@Injectable()
export class NotificationsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findPartner(id: string): Promise<Partner | null> {
    return this.prisma.partner.findUnique({ where: { id } });
  }

  preferences(partnerId: string): Promise<NotificationPreference[]> {
    return this.prisma.notificationPreference.findMany({ where: { partnerId } });
  }

  /** The changes and their audit entry together. */
  async updatePreferences(partnerId: string, changes: PreferenceChange[], actor: PreferenceActor): Promise<void> {
    const updatedBy = `${actor.type}:${actor.id}`;
    await this.prisma.$transaction(async (tx) => {
      for (const change of changes) {
        await tx.notificationPreference.upsert({
          where: { partnerId_kind: { partnerId, kind: change.kind } },
          create: { partnerId, ...change, updatedBy },
          update: { enabled: change.enabled, channels: change.channels, updatedBy },
        });
      }
      await tx.auditEntry.create({
        data: {
          id: newId('audit'),
          actorType: actor.type,
          actorId: actor.id,
          action: 'partner.notification_preferences_changed',
          targetType: 'partner',
          targetId: partnerId,
          after: Object.fromEntries(changes.map((change) => [change.kind, { enabled: change.enabled, channels: change.channels }])),
          requestId: actor.type === 'operator' ? actor.requestId : undefined,
        },
      });
    });
  }

  currentRuleSet(programId: string): Promise<NotificationRuleSet | null> {
    return this.prisma.notificationRuleSet.findFirst({ where: { programId }, orderBy: { version: 'desc' } });
  }

  /** Template keys the program has saved (any locale). */
  async templateKeys(programId: string, keys: string[]): Promise<Set<string>> {
    const rows = await this.prisma.messageTemplate.findMany({ where: { programId, key: { in: keys } }, select: { key: true } });
    return new Set(rows.map((row) => row.key));
  }

  /** The next version, numbered under a lock on the program row (concurrent saves queue up). */
  async saveRuleSet(programId: string, document: RuleSetDocument, action: OperatorAction): Promise<NotificationRuleSet> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM programs WHERE id = ${programId} FOR NO KEY UPDATE`;
      const latest = await tx.notificationRuleSet.aggregate({ where: { programId }, _max: { version: true } });
      const created = await tx.notificationRuleSet.create({
        data: { id: newId('notificationRuleSet'), programId, version: (latest._max.version ?? 0) + 1, document: document as unknown as Prisma.InputJsonObject, createdBy: action.operatorKeyId },
      });
      await tx.auditEntry.create({
        data: {
          id: newId('audit'),
          actorType: 'operator',
          actorId: action.operatorKeyId,
          action: 'notification_rules.version_created',
          targetType: 'program',
          targetId: programId,
          after: { version: created.version, rules: document.rules.map((rule) => rule.id) },
          requestId: action.requestId,
        },
      });
      return created;
    });
  }
}

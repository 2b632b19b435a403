import { ApplicationFailure } from '@temporalio/common';
import type { Partner, PrismaClient } from '@partnerflow/db';
import {
  applicationUnderScreening,
  domainEventKey,
  newId,
  NonRetryableFailure,
  screeningConfigSchema,
  type ApplicationUnderScreening,
  type DomainEventInput,
  type PartnerStage,
  type ScreeningConfig,
} from '@partnerflow/domain';
import { dispatchDomainEventsFromActivity, recordDomainEvent } from './events';

export interface StageChange {
  partnerId: string;
  from: PartnerStage;
  to: PartnerStage;
  reason: string;
  workflowId: string;
  /** Names the change within its workflow; with the workflow id it is the idempotency key. */
  step: string;
}

export interface PartnerActivityDeps {
  prisma: PrismaClient;
}

export function createPartnerActivities({ prisma }: PartnerActivityDeps) {
  return {
    async loadApplicationForScreening(partnerId: string): Promise<ApplicationUnderScreening> {
      const partner = await prisma.partner.findUnique({ where: { id: partnerId } });
      if (!partner) {
        throw ApplicationFailure.nonRetryable(
          `partner ${partnerId} does not exist`,
          NonRetryableFailure.NOT_FOUND,
        );
      }
      return applicationUnderScreening(partner);
    },

    async loadScreeningConfig(
      configVersionId: string,
    ): Promise<{ version: number; config: ScreeningConfig }> {
      const row = await prisma.configVersion.findUnique({ where: { id: configVersionId } });
      if (!row || row.kind !== 'screening') {
        throw ApplicationFailure.nonRetryable(
          `screening config ${configVersionId} does not exist`,
          NonRetryableFailure.NOT_FOUND,
        );
      }
      const parsed = screeningConfigSchema.safeParse(row.document);
      if (!parsed.success) {
        throw ApplicationFailure.nonRetryable(
          `screening config ${configVersionId} is invalid: ${parsed.error.message}`,
          NonRetryableFailure.INVALID_CONFIG,
        );
      }
      return { version: row.version, config: parsed.data };
    },

    /**
     * Moves the partner's row to the stage the workflow decided and writes the audit entry,
     * in one transaction. A retry finds the audit entry by its key and changes nothing.
     */
    async recordStageChange(change: StageChange): Promise<{ recorded: boolean }> {
      const idempotencyKey = `${change.workflowId}:${change.step}`;
      const eventIds: string[] = [];
      const result = await prisma.$transaction(async (tx) => {
        const inserted = await tx.auditEntry.createMany({
          data: [
            {
              id: newId('audit'),
              actorType: 'system',
              actorId: change.workflowId,
              action: 'partner.stage_changed',
              targetType: 'partner',
              targetId: change.partnerId,
              before: { stage: change.from },
              after: { stage: change.to },
              reason: change.reason,
              workflowId: change.workflowId,
              idempotencyKey,
            },
          ],
          skipDuplicates: true,
        });
        if (inserted.count === 0) return { recorded: false };
        const partner = await tx.partner.update({
          where: { id: change.partnerId },
          data: { stage: change.to, stageChangedAt: new Date() },
        });
        if (change.from === 'APPLIED' && change.to === 'ACTIVE') {
          eventIds.push(await recordDomainEvent(tx, partnerApprovedEvent(partner, change.reason)));
        }
        return { recorded: true };
      });
      await dispatchDomainEventsFromActivity(eventIds);
      return result;
    },
  };
}

/** partner.approved: the application passed screening (rules or a reviewer). */
const partnerApprovedEvent = (partner: Partner, reason: string): DomainEventInput => ({
  name: 'partner.approved',
  programId: partner.programId,
  partnerId: partner.id,
  subject: { type: 'partner', id: partner.id },
  // Ids, not personal data: the outbox outlives a partner's anonymisation; consumers read the rest by id.
  data: { partnerId: partner.id, country: partner.country, type: partner.type, reason },
  occurredAt: partner.stageChangedAt,
  idempotencyKey: domainEventKey('partner.approved', partner.id),
});

export type PartnerActivities = ReturnType<typeof createPartnerActivities>;

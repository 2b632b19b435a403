import type { PrismaClient } from '@partnerflow/db';
import type { TerminationScheduled } from '@partnerflow/domain';
import { auditOnce } from './audit-once';
import type { StageChange } from './partners.activities';

/** A stage change with who made it: an operator (API key id) for pause, resume and termination. */
export interface StageTransition extends StageChange {
  actor: { type: 'operator' | 'system'; id: string };
  /** The operator's api request, for the audit entry. */
  requestId?: string;
}

export interface TerminationScheduledRecord {
  partnerId: string;
  workflowId: string;
  termination: TerminationScheduled;
  requestId?: string;
}

/**
 * The lifecycle workflow's writes for operator-driven transitions. Each is keyed by the workflow
 * id and its step, so a retried attempt finds its audit entry and changes nothing.
 */
export function createLifecycleControlActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** Moves the partner's row to the stage the workflow decided, with its audit entry, in one transaction. */
    async recordStageTransition(change: StageTransition): Promise<{ recorded: boolean }> {
      return prisma.$transaction(async (tx) => {
        const recorded = await auditOnce(tx, {
          actorType: change.actor.type,
          actorId: change.actor.id,
          action: 'partner.stage_changed',
          targetType: 'partner',
          targetId: change.partnerId,
          before: { stage: change.from },
          after: { stage: change.to },
          reason: change.reason,
          requestId: change.requestId,
          workflowId: change.workflowId,
          idempotencyKey: `${change.workflowId}:${change.step}`,
        });
        if (recorded) await tx.partner.update({ where: { id: change.partnerId }, data: { stage: change.to, stageChangedAt: new Date() } });
        return { recorded };
      });
    },

    /** The operator's termination request, before it takes effect: the timeline shows it was scheduled, when and why. */
    async recordTerminationScheduled({ partnerId, workflowId, termination, requestId }: TerminationScheduledRecord): Promise<{ recorded: boolean }> {
      const recorded = await prisma.$transaction((tx) =>
        auditOnce(tx, {
          actorType: 'operator',
          actorId: termination.requestedBy,
          action: 'partner.termination_scheduled',
          targetType: 'partner',
          targetId: partnerId,
          after: {
            category: termination.category,
            effectiveAt: termination.effectiveAt,
            requestedAt: termination.requestedAt,
            windDownWorkflowId: termination.windDownWorkflowId,
          },
          reason: termination.reason,
          requestId,
          workflowId,
          idempotencyKey: `${workflowId}:termination-scheduled`,
        }),
      );
      return { recorded };
    },
  };
}

export type LifecycleControlActivities = ReturnType<typeof createLifecycleControlActivities>;

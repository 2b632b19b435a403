import { ApplicationFailure } from '@temporalio/common';
import type { ConfigVersion, Prisma, PrismaClient } from '@partnerflow/db';
import {
  DEFAULT_REENGAGEMENT_CONFIG,
  NonRetryableFailure,
  partnerLifecycleWorkflowId,
  reengagementConfigSchema,
  type EngagementConfigRef,
  type LatestActivity,
  type PeriodPerformance,
  type ReengagementConfig,
  type TierDirection,
} from '@partnerflow/domain';
import { auditOnce } from './audit-once';
import { latestActivity, periodPerformance } from './partner-activity-reads';

/** The engagement policy (the `reengagement` config) as the lifecycle pins it; the history keeps it as the result. */
export interface LoadedEngagementPolicy {
  config: EngagementConfigRef;
  document: ReengagementConfig;
  reason: string;
}

export interface TierChange {
  partnerId: string;
  workflowId: string;
  /** `tier-<n>`: with the workflow id, the audit entry's key. */
  step: string;
  from: string | null;
  to: string | null;
  direction: TierDirection;
  reason: string;
}

export interface EngagementEvent {
  partnerId: string;
  workflowId: string;
  /** Unique per workflow (e.g. `reengagement:2:started`): with the workflow id, the audit entry's key. */
  key: string;
  action: string;
  after: Prisma.InputJsonObject;
  reason?: string;
}

function parseStored(row: ConfigVersion): ReengagementConfig {
  const parsed = reengagementConfigSchema.safeParse(row.document);
  if (!parsed.success) {
    // Saved versions were validated on PUT: this is a damaged row, and retrying cannot mend it.
    throw ApplicationFailure.nonRetryable(`reengagement config ${row.id} (version ${row.version}) is invalid: ${parsed.error.message}`, NonRetryableFailure.INVALID_CONFIG);
  }
  return parsed.data;
}

const fromRow = (row: ConfigVersion, reason: string): LoadedEngagementPolicy => ({
  config: { label: `v${row.version}`, versionId: row.id, version: row.version, source: 'program' },
  document: parseStored(row),
  reason,
});

/**
 * The lifecycle's engagement writes and reads: its policy (pinned at approval, a newer version
 * adopted at a boundary only when saved for running workflows), the partner's latest activity,
 * a period's performance, tier changes and the audit entries of cycles. Writes are keyed by the
 * workflow id and a step, so a retry changes nothing.
 */
export function createLifecycleEngagementActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async loadEngagementPolicy({ programId }: { programId: string }): Promise<LoadedEngagementPolicy> {
      const row = await prisma.configVersion.findFirst({ where: { programId, kind: 'reengagement' }, orderBy: { version: 'desc' } });
      if (row) return fromRow(row, `the program's current reengagement config, version ${row.version}`);
      return {
        config: { label: 'default', versionId: null, version: null, source: 'default' },
        document: reengagementConfigSchema.parse(DEFAULT_REENGAGEMENT_CONFIG),
        reason: `program ${programId} has no reengagement config version: the built-in default policy applies`,
      };
    },

    /**
     * At one of the lifecycle's timers: the partner's latest click or conversion, and a policy
     * version newer than `runningVersion` saved with `applyTo: "running"`, if there is one.
     */
    async checkPartnerEngagement({ partnerId, programId, runningVersion }: { partnerId: string; programId: string; runningVersion: number | null }): Promise<{
      lastActivity: LatestActivity | null;
      newerPolicy: LoadedEngagementPolicy | null;
    }> {
      const row = await prisma.configVersion.findFirst({
        where: { programId, kind: 'reengagement', applyTo: 'running', version: { gt: runningVersion ?? 0 } },
        orderBy: { version: 'desc' },
      });
      return {
        lastActivity: await latestActivity(prisma, partnerId),
        newerPolicy: row ? fromRow(row, `version ${row.version} was saved with applyTo "running"`) : null,
      };
    },

    async measurePartnerPeriod(request: { partnerId: string; period: string; from: string; to: string; currency: string | null }): Promise<PeriodPerformance> {
      return periodPerformance(prisma, request);
    },

    /** The partner's tier and its audit entry, in one transaction, once. */
    async recordTierChange(change: TierChange): Promise<{ recorded: boolean }> {
      return prisma.$transaction(async (tx) => {
        const recorded = await auditOnce(tx, {
          actorType: 'system',
          actorId: change.workflowId,
          action: 'partner.tier_changed',
          targetType: 'partner',
          targetId: change.partnerId,
          before: { tier: change.from },
          after: { tier: change.to, direction: change.direction },
          reason: change.reason,
          workflowId: change.workflowId,
          idempotencyKey: `${change.workflowId}:${change.step}`,
        });
        if (recorded) await tx.partner.update({ where: { id: change.partnerId }, data: { tier: change.to, tierChangedAt: new Date() } });
        return { recorded };
      });
    },

    /**
     * An engagement audit entry (policy pinned, cycle started or ended, a step's outcome), once.
     * Its target is the partner's engagement — the lifecycle workflow, like the drip's entries —
     * so the partner's own entries stay its transitions; the timeline reads both.
     */
    async recordEngagementEvent(event: EngagementEvent): Promise<{ recorded: boolean }> {
      const recorded = await prisma.$transaction((tx) =>
        auditOnce(tx, {
          actorType: 'system',
          actorId: event.workflowId,
          action: event.action,
          targetType: 'partner_engagement',
          targetId: partnerLifecycleWorkflowId(event.partnerId),
          after: { partnerId: event.partnerId, ...event.after },
          reason: event.reason,
          workflowId: event.workflowId,
          idempotencyKey: `${event.workflowId}:${event.key}`,
        }),
      );
      return { recorded };
    },

    /** The partner is active again: its open check-in tasks close, saying so. */
    async closePartnerCheckInTasks({ partnerId, workflowId, reason }: { partnerId: string; workflowId: string; reason: string }): Promise<{ closed: number }> {
      const { count } = await prisma.operatorTask.updateMany({
        where: { partnerId, kind: 'partner_check_in', status: 'open' },
        data: { status: 'done', decisionReason: reason, decidedBy: workflowId, decidedAt: new Date() },
      });
      return { closed: count };
    },
  };
}

export type LifecycleEngagementActivities = ReturnType<typeof createLifecycleEngagementActivities>;

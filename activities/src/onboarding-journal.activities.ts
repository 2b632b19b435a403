import type { Prisma, PrismaClient } from '@partnerflow/db';
import { newId, type DripJournalEntry } from '@partnerflow/domain';

export interface OnboardingProgress {
  workflowId: string;
  partnerId: string;
  entries: DripJournalEntry[];
}

/**
 * The drip's record for operators: each version pinned or adopted and each step's outcome (sent,
 * skipped and why, a wait ended) is an audit entry, keyed by workflow and step so a retried
 * write is a no-op. Entries target the drip (`onboarding_drip`, the lifecycle workflow's id) and
 * name the partner in `after`.
 */
function auditRow(workflowId: string, partnerId: string, entry: DripJournalEntry): Prisma.AuditEntryCreateManyInput {
  const common = {
    id: newId('audit'),
    actorType: 'system' as const,
    actorId: workflowId,
    targetType: 'onboarding_drip',
    targetId: workflowId,
    workflowId,
  };
  if (entry.kind === 'config') {
    const { change } = entry;
    return {
      ...common,
      action: `onboarding.config_${change.how}`,
      after: { partnerId, ...change.config, at: change.at },
      reason: change.reason,
      idempotencyKey: `${workflowId}:onboarding-config:${change.config.label}`,
    };
  }
  const { step } = entry;
  return {
    ...common,
    action: `onboarding.step_${step.status}`,
    before: { status: 'pending' },
    after: { partnerId, ...step },
    reason: step.reason ?? null,
    idempotencyKey: `${workflowId}:onboarding-step:${step.id}`,
  };
}

export function createOnboardingJournalActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async recordOnboardingProgress({ workflowId, partnerId, entries }: OnboardingProgress): Promise<{ recorded: number }> {
      const { count } = await prisma.auditEntry.createMany({
        data: entries.map((entry) => auditRow(workflowId, partnerId, entry)),
        skipDuplicates: true,
      });
      return { recorded: count };
    },
  };
}

export type OnboardingJournalActivities = ReturnType<typeof createOnboardingJournalActivities>;

import type { PrismaClient } from '@partnerflow/db';
import { formatAmount, newId, type LatestActivity } from '@partnerflow/domain';
import { creditableClicks, latestActivity, periodPerformance } from './partner-activity-reads';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReengagementCheck {
  /** The latest click or conversion, when it is after `since` (the cycle is then over); else null. */
  activity: LatestActivity | null;
  /** For the snapshot email: the last `snapshotDays` days. */
  numbers: { days: number; clicks: number; conversions: number; referredRevenue: string | null };
}

export interface CheckInTaskOpening {
  partnerId: string;
  /** The cycle's workflow: one task per cycle. */
  workflowId: string;
  summary: string;
  reason: string;
  configVersion: number | null;
  openedAt: string;
}

/** What a re-engagement cycle reads before each step, and the manager's task its check-in opens. */
export function createReengagementCycleActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async loadReengagementCheck({ partnerId, since, snapshotDays, currency }: { partnerId: string; since: string; snapshotDays: number; currency: string | null }): Promise<ReengagementCheck> {
      const latest = await latestActivity(prisma, partnerId);
      const to = new Date();
      const from = new Date(to.getTime() - snapshotDays * DAY_MS);
      const performance = await periodPerformance(prisma, { partnerId, period: `last ${snapshotDays} days`, from: from.toISOString(), to: to.toISOString(), currency });
      return {
        activity: latest && Date.parse(latest.at) > Date.parse(since) ? latest : null,
        numbers: {
          days: snapshotDays,
          clicks: await creditableClicks(prisma, partnerId, from, to),
          conversions: performance.conversions,
          referredRevenue: currency ? `${formatAmount(BigInt(performance.referredRevenueMinor), currency)} ${currency}` : null,
        },
      };
    },

    /** In the operators' queue (GET /v1/tasks?kind=partner_check_in); keyed by the cycle's workflow id. */
    async openPartnerCheckInTask(opening: CheckInTaskOpening): Promise<{ taskId: string }> {
      await prisma.operatorTask.createMany({
        data: [
          {
            id: newId('task'),
            kind: 'partner_check_in',
            partnerId: opening.partnerId,
            workflowId: opening.workflowId,
            summary: opening.summary,
            reasons: [{ rule: 'inactivity', type: 'reengagement', reason: opening.reason, outcome: null }],
            configVersion: opening.configVersion,
            openedAt: new Date(opening.openedAt),
          },
        ],
        skipDuplicates: true,
      });
      const task = await prisma.operatorTask.findUniqueOrThrow({ where: { workflowId_subjectKey: { workflowId: opening.workflowId, subjectKey: '' } } });
      return { taskId: task.id };
    },
  };
}

export type ReengagementCycleActivities = ReturnType<typeof createReengagementCycleActivities>;

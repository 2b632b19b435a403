import type { PrismaClient } from '@partnerflow/db';
import { lastCompletedWeeks, performanceDroppedKey, performanceDrops, type DomainEventInput, type PerformanceDrop, type ReviewWeeks } from '@partnerflow/domain';
import { dispatchDomainEventBatchesFromActivity, recordDomainEvents } from '../events';
import { currentPayoutPolicy } from '../payouts/payout-policy.loader';
import { weeklyConversionFigures } from './weekly-conversions';

/** What one program's review found, for the workflow's result and history. */
export interface ProgramPerformanceReview {
  programId: string;
  weekStart: string;
  weekEnd: string;
  partnersCompared: number;
  drops: number;
  /** Events recorded by this run: 0 on a rerun of the same week. */
  recorded: number;
}

const droppedEvent = (programId: string, weeks: ReviewWeeks, drop: PerformanceDrop): DomainEventInput => ({
  name: 'performance.dropped',
  programId,
  partnerId: drop.partnerId,
  subject: { type: 'partner', id: drop.partnerId },
  data: { ...drop, weekStart: weeks.weekStart, weekEnd: weeks.weekEnd },
  // The instant the reviewed week ended: a rerun describes the same fact at the same time.
  occurredAt: new Date(weeks.currentTo),
  idempotencyKey: performanceDroppedKey(drop.partnerId, weeks.weekEnd),
});

export function createPerformanceReviewActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** The programs the weekly review visits, in a stable order. */
    async listProgramsForPerformanceReview(): Promise<string[]> {
      const programs = await prisma.program.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
      return programs.map((program) => program.id);
    },

    /**
     * Compares each working partner's conversions in the program's last completed week (as of
     * `asOf`, in the program's time zone — the payout policy's) with the week before, and records
     * a `performance.dropped` event per partner whose conversions fell, keyed by partner and week:
     * a retry or a rerun of the same week records nothing twice. Dispatch starts after the commit.
     */
    async reviewProgramPerformance({ programId, asOf }: { programId: string; asOf: string }): Promise<ProgramPerformanceReview> {
      const { policy } = await currentPayoutPolicy(prisma, programId);
      const weeks = lastCompletedWeeks(Date.parse(asOf), policy.timeZone);
      const figures = await weeklyConversionFigures(prisma, programId, weeks);
      const events = performanceDrops(figures).map((drop) => droppedEvent(programId, weeks, drop));
      const { eventIds, recorded } = await prisma.$transaction(async (tx) => {
        const keys = events.map((event) => event.idempotencyKey);
        const before = keys.length === 0 ? 0 : await tx.domainEvent.count({ where: { idempotencyKey: { in: keys } } });
        return { eventIds: await recordDomainEvents(tx, events), recorded: keys.length - before };
      });
      await dispatchDomainEventBatchesFromActivity(`performance-review-${programId}-${weeks.weekEnd}`, eventIds);
      return { programId, weekStart: weeks.weekStart, weekEnd: weeks.weekEnd, partnersCompared: figures.length, drops: events.length, recorded };
    },
  };
}

export type PerformanceReviewActivities = ReturnType<typeof createPerformanceReviewActivities>;

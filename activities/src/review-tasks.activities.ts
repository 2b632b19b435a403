import type { PrismaClient } from '@partnerflow/db';
import { DEADLINE_REVIEWER_ID, newId, type ReviewDecision, type RuleResult } from '@partnerflow/domain';

/** An application starts waiting for a human decision; times are the workflow's (ISO 8601). */
export interface ReviewTaskOpening {
  workflowId: string;
  partnerId: string;
  summary: string;
  /** The rules that sent the application to review. */
  reasons: RuleResult[];
  configVersion: number;
  openedAt: string;
  remindAt: string;
  escalateAt: string;
  deadlineAt: string | null;
  onDeadline: string | null;
}

export type ReviewMilestoneReached = 'reminded' | 'escalated' | 'deadline_passed';

export interface ReviewDecisionRecord extends ReviewDecision {
  workflowId: string;
  partnerId: string;
  decidedAt: string;
}

const MILESTONE_COLUMNS = {
  reminded: 'remindedAt',
  escalated: 'escalatedAt',
  deadline_passed: 'deadlinePassedAt',
} as const;

/**
 * The operators' task queue (`operator_tasks`, read by GET /v1/tasks), written only here, by the
 * screening workflow that owns the review. Why a table and not Temporal visibility: the queue
 * must list partner, program and reasons, page with a stable cursor and be exact the moment a
 * task opens or closes; visibility is eventually consistent and would need a query per row.
 * Why it stays correct under retries: every write is keyed by the workflow id (unique) and only
 * moves a task forward (insert if absent, set a time if unset, close if open), so a retried
 * attempt, or one that ran twice, changes nothing the first did not.
 */
export function createReviewTaskActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async openReviewTask(opening: ReviewTaskOpening): Promise<{ taskId: string }> {
      await prisma.operatorTask.createMany({
        data: [
          {
            id: newId('task'),
            kind: 'application_review',
            partnerId: opening.partnerId,
            workflowId: opening.workflowId,
            summary: opening.summary,
            reasons: opening.reasons.map((rule) => ({ ...rule })),
            configVersion: opening.configVersion,
            openedAt: new Date(opening.openedAt),
            remindAt: new Date(opening.remindAt),
            escalateAt: new Date(opening.escalateAt),
            deadlineAt: opening.deadlineAt ? new Date(opening.deadlineAt) : null,
            onDeadline: opening.onDeadline,
          },
        ],
        skipDuplicates: true,
      });
      const task = await prisma.operatorTask.findUniqueOrThrow({ where: { workflowId_subjectKey: { workflowId: opening.workflowId, subjectKey: '' } } });
      return { taskId: task.id };
    },

    async recordReviewMilestone(milestone: { workflowId: string; reached: ReviewMilestoneReached; at: string }) {
      const column = MILESTONE_COLUMNS[milestone.reached];
      const { count } = await prisma.operatorTask.updateMany({
        where: { workflowId: milestone.workflowId, [column]: null },
        data: { [column]: new Date(milestone.at) },
      });
      return { recorded: count > 0 };
    },

    /**
     * Closes the task and writes the decision's audit entry (actor: the operator's API key id, or
     * the workflow for a decision taken at the deadline), in one transaction, once.
     */
    async recordReviewDecision(record: ReviewDecisionRecord): Promise<{ recorded: boolean }> {
      const byDeadline = record.reviewerId === DEADLINE_REVIEWER_ID;
      return prisma.$transaction(async (tx) => {
        const inserted = await tx.auditEntry.createMany({
          data: [
            {
              id: newId('audit'),
              actorType: byDeadline ? 'system' : 'operator',
              actorId: byDeadline ? record.workflowId : record.reviewerId,
              action: 'partner.review_decided',
              targetType: 'partner',
              targetId: record.partnerId,
              before: { review: 'waiting' },
              after: { review: record.decision },
              reason: record.reason,
              requestId: record.requestId,
              workflowId: record.workflowId,
              idempotencyKey: `${record.workflowId}:review-decision`,
            },
          ],
          skipDuplicates: true,
        });
        await tx.operatorTask.updateMany({
          where: { workflowId: record.workflowId, status: 'open' },
          data: {
            status: 'done',
            decision: record.decision,
            decisionReason: record.reason,
            decidedBy: record.reviewerId,
            decidedAt: new Date(record.decidedAt),
          },
        });
        return { recorded: inserted.count > 0 };
      });
    },
  };
}

export type ReviewTaskActivities = ReturnType<typeof createReviewTaskActivities>;

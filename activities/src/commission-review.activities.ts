import type { PrismaClient } from '@partnerflow/db';
import {
  DEADLINE_REVIEWER_ID,
  moneyText,
  newId,
  reviewPolicyOf,
  screeningConfigSchema,
  type CommissionReviewDecision,
} from '@partnerflow/domain';
import { approvePending, LEDGER_TRANSACTION, ledgerKeys, rejectPending } from './commission-ledger';
import { commissionApprovedEvents, dispatchDomainEventsFromActivity, recordDomainEvents, thresholdReachedEvents } from './events';

export interface CommissionReviewDecisionRecord extends CommissionReviewDecision {
  workflowId: string;
  partnerId: string;
  /** The workflow's time of the decision. */
  decidedAt: string;
}

export interface CommissionReviewOutcome {
  outcome: 'approved' | 'rejected' | 'not_pending';
  /** The commission's status after the decision. */
  status: string;
  /** What moved, "12.34 EUR"; null when nothing did. */
  amount: string | null;
  currency: string | null;
  amountMinor: string | null;
}

/**
 * A flagged commission's review, written only by the partner's hold workflow (tasks keyed by the
 * workflow id and the commission id): the decision, the reminders and the expiry. Each write only
 * moves a task forward, so a retried attempt changes nothing the first did not.
 */
export function createCommissionReviewActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Approves (into the approved account) or rejects (out of pending) the commission if it is
     * still pending, closes its task and writes the audit entry, in one transaction.
     */
    async decideCommissionReview(record: CommissionReviewDecisionRecord): Promise<CommissionReviewOutcome> {
      const decidedAt = new Date(record.decidedAt);
      const byExpiry = record.reviewerId === DEADLINE_REVIEWER_ID;
      let eventIds: string[] = [];
      const outcome = await prisma.$transaction(async (tx): Promise<CommissionReviewOutcome> => {
        const { partnerId, commissionId } = record;
        if (record.decision === 'approve') {
          const approved = await approvePending(tx, { partnerId, commissionIds: [commissionId], asOf: decidedAt, reviewed: true });
          eventIds = await recordDomainEvents(tx, [...commissionApprovedEvents(approved, decidedAt, 'review'), ...(await thresholdReachedEvents(tx, approved, decidedAt))]);
        } else {
          await rejectPending(tx, { partnerId, commissionId, reason: record.reason, decidedBy: record.reviewerId });
        }
        await tx.operatorTask.updateMany({
          where: { workflowId: record.workflowId, subjectKey: commissionId, status: 'open' },
          data: { status: 'done', decision: record.decision, decisionReason: record.reason, decidedBy: record.reviewerId, decidedAt },
        });
        await tx.auditEntry.createMany({
          data: [
            {
              id: newId('audit'),
              actorType: byExpiry ? 'system' : 'operator',
              actorId: byExpiry ? record.workflowId : record.reviewerId,
              action: 'commission.review_decided',
              targetType: 'commission',
              targetId: commissionId,
              before: { review: 'waiting' },
              after: { review: record.decision },
              reason: record.reason,
              requestId: record.requestId,
              workflowId: record.workflowId,
              idempotencyKey: `${record.workflowId}:commission-review:${commissionId}`,
            },
          ],
          skipDuplicates: true,
        });
        const commission = await tx.commission.findUniqueOrThrow({ where: { id: commissionId } });
        const key = record.decision === 'approve' ? ledgerKeys.approvedIntoApproved(commissionId) : ledgerKeys.rejected(commissionId);
        const entry = await tx.ledgerEntry.findUnique({ where: { idempotencyKey: key } });
        if (!entry) return { outcome: 'not_pending', status: commission.status, amount: null, currency: null, amountMinor: null };
        const moved = entry.amountMinor < 0n ? -entry.amountMinor : entry.amountMinor;
        return {
          outcome: record.decision === 'approve' ? 'approved' : 'rejected',
          status: commission.status,
          amount: moneyText(moved, entry.currency),
          currency: entry.currency,
          amountMinor: moved.toString(),
        };
      }, LEDGER_TRANSACTION);
      await dispatchDomainEventsFromActivity(eventIds);
      return outcome;
    },

    /** Each reminder sent: when, and when the next is due (a task shows its next reminder). */
    async recordCommissionReviewReminders({ workflowId, reminders }: { workflowId: string; reminders: { commissionId: string; at: string; nextAt: string }[] }) {
      let recorded = 0;
      for (const reminder of reminders) {
        const at = new Date(reminder.at);
        const { count } = await prisma.operatorTask.updateMany({
          where: { workflowId, subjectKey: reminder.commissionId, status: 'open', OR: [{ remindedAt: null }, { remindedAt: { lt: at } }] },
          data: { remindedAt: at, remindAt: new Date(reminder.nextAt) },
        });
        recorded += count;
      }
      return { recorded };
    },

    /** The review waited `expireAfterHours` and the config says keep waiting: the task shows it passed. */
    async recordCommissionReviewExpired({ workflowId, commissionIds, at }: { workflowId: string; commissionIds: string[]; at: string }) {
      const { count } = await prisma.operatorTask.updateMany({
        where: { workflowId, subjectKey: { in: commissionIds }, status: 'open', deadlinePassedAt: null },
        data: { deadlinePassedAt: new Date(at) },
      });
      return { recorded: count };
    },

    /** The program's reviewers: the current screening config's `review.reviewerEmails`, who review applications too. */
    async loadCommissionReviewers({ programId }: { programId: string }): Promise<{ recipients: string[]; source: string }> {
      const row = await prisma.configVersion.findFirst({ where: { programId, kind: 'screening' }, orderBy: { version: 'desc' } });
      const parsed = row ? screeningConfigSchema.safeParse(row.document) : undefined;
      if (!row || !parsed?.success) return { recipients: [], source: 'the program has no valid screening config, so no reviewer emails' };
      return { recipients: reviewPolicyOf(parsed.data).reviewerEmails, source: `review.reviewerEmails of screening config version ${row.version}` };
    },
  };
}

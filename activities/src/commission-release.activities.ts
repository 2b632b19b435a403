import type { Prisma, PrismaClient } from '@partnerflow/db';
import { approvePending, LEDGER_TRANSACTION, ledgerKeys } from './commission-ledger';
import { commissionApprovedEvents, dispatchDomainEventsFromActivity, recordDomainEvents, thresholdReachedEvents } from './events';

export interface ReleaseRequest {
  partnerId: string;
  /** Commissions whose hold has ended, by the workflow's clock (at most a few thousand per call). */
  commissionIds: string[];
  /** The workflow's time of the release: the commissions' approvedAt. */
  asOf: string;
}

export interface ReleaseResult {
  approvedCount: number;
  /** Per payout currency, minor units as text (JSON has no bigint). */
  approvedTotals: { currency: string; amountMinor: string }[];
  /** Asked for but not approved, with why: reversed, rejected, in review, or already moved on. */
  notApproved: { commissionId: string; status: string }[];
}

interface Outcome {
  id: string;
  status: string | null;
  currency: string | null;
  approvedMinor: bigint | null;
  inReview: boolean;
}

/**
 * What became of each requested commission, read back after the approval: approved by a release
 * when its approval entry exists. So a retry of an approval that committed answers exactly what
 * the first attempt did.
 */
async function outcomesOf(db: Prisma.TransactionClient, { partnerId, commissionIds }: ReleaseRequest): Promise<ReleaseResult> {
  const rows = await db.$queryRaw<Outcome[]>`
    SELECT requested.id, c.status::text AS status, c.currency, e.amount_minor AS "approvedMinor",
           EXISTS (SELECT 1 FROM operator_tasks t WHERE t.commission_id = requested.id AND t.kind = 'commission_review' AND t.status = 'open') AS "inReview"
    FROM unnest(${commissionIds}::text[], ${commissionIds.map(ledgerKeys.approvedIntoApproved)}::text[]) WITH ORDINALITY AS requested(id, approval_key, position)
    LEFT JOIN commissions c ON c.id = requested.id AND c.partner_id = ${partnerId}
    LEFT JOIN ledger_entries e ON e.idempotency_key = requested.approval_key
    ORDER BY requested.position`;
  const totals = new Map<string, bigint>();
  const notApproved: ReleaseResult['notApproved'] = [];
  let approvedCount = 0;
  for (const row of rows) {
    if (row.approvedMinor !== null && row.currency) {
      approvedCount += 1;
      totals.set(row.currency, (totals.get(row.currency) ?? 0n) + row.approvedMinor);
    } else {
      notApproved.push({ commissionId: row.id, status: row.status === null ? 'missing' : row.inReview ? 'in_review' : row.status });
    }
  }
  const approvedTotals = [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => ({ currency, amountMinor: minor.toString() }));
  return { approvedCount, approvedTotals, notApproved };
}

/**
 * The hold workflow's release: every requested commission that is still pending and not waiting
 * for a review is approved (status, approvedAt, and two ledger entries: out of pending, into
 * approved) in one transaction. The guard is in the UPDATE itself, so a commission reversed or
 * rejected a moment before — even by another process — is left alone, never approved.
 */
export function createCommissionReleaseActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async approveDueCommissions(request: ReleaseRequest): Promise<ReleaseResult> {
      const asOf = new Date(request.asOf);
      let eventIds: string[] = [];
      const result = await prisma.$transaction(
        async (tx) => {
          const approved = await approvePending(tx, { partnerId: request.partnerId, commissionIds: request.commissionIds, asOf, reviewed: false });
          eventIds = await recordDomainEvents(tx, [...commissionApprovedEvents(approved, asOf, 'hold_released'), ...(await thresholdReachedEvents(tx, approved, asOf))]);
          return outcomesOf(tx, request);
        },
        LEDGER_TRANSACTION,
      );
      await dispatchDomainEventsFromActivity(eventIds);
      return result;
    },
  };
}

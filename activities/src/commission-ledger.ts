import type { LedgerAccount, LedgerEntryKind, Prisma } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';

/**
 * Writes to the append-only ledger, one idempotency key per business fact, so a retried or
 * duplicated activity attempt adds nothing: `createMany(skipDuplicates)` turns a repeat into a
 * no-op. A commission's status is a projection of its entries and is changed in the same
 * transaction, only forward (guarded by its current status in the UPDATE's WHERE).
 */

type Db = Prisma.TransactionClient;

/**
 * Interactive-transaction limits of the commission activities: a worker runs many activities at
 * once over a small pool, so waiting for a connection (maxWait) is normal and must not fail the
 * attempt after Prisma's default 2 s; a release of a thousand commissions gets a minute.
 */
export const LEDGER_TRANSACTION = { maxWait: 30_000, timeout: 60_000 };

export const ledgerKeys = {
  created: (conversionId: string, partnerId: string, ruleId: string) => `commission-created:${conversionId}:${partnerId}:${ruleId}`,
  approvedOutOfPending: (commissionId: string) => `commission-approved:${commissionId}:pending`,
  approvedIntoApproved: (commissionId: string) => `commission-approved:${commissionId}:approved`,
  rejected: (commissionId: string) => `commission-rejected:${commissionId}`,
  reversed: (commissionId: string, reversalConversionId: string) => `commission-reversed:${commissionId}:${reversalConversionId}`,
};

export interface EntryDraft {
  programId: string;
  partnerId: string;
  commissionId: string;
  conversionId?: string | null;
  kind: LedgerEntryKind;
  account: LedgerAccount;
  amountMinor: bigint;
  currency: string;
  reversesEntryId?: string | null;
  idempotencyKey: string;
  explanation?: Prisma.InputJsonValue;
}

export async function appendEntries(db: Db, drafts: EntryDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await db.ledgerEntry.createMany({ data: drafts.map((draft) => ({ id: newId('ledgerEntry'), ...draft })), skipDuplicates: true });
}

/** A commission that moved out of pending: what was left of it after reversals. */
export interface Settled {
  id: string;
  programId: string;
  partnerId: string;
  remainingMinor: bigint;
  currency: string;
}

/**
 * pending → approved for those of `commissionIds` still pending (and, unless `reviewed`, not
 * waiting for an open review task): the guard that keeps a commission reversed, rejected or
 * flagged meanwhile from being approved. Two entries each: out of pending, into approved.
 */
export async function approvePending(
  db: Db,
  { partnerId, commissionIds, asOf, reviewed }: { partnerId: string; commissionIds: string[]; asOf: Date; reviewed: boolean },
): Promise<Settled[]> {
  const approved = await db.$queryRaw<Settled[]>`
    UPDATE commissions c SET status = 'approved', approved_at = ${asOf}
    WHERE c.id = ANY(${commissionIds}::text[]) AND c.partner_id = ${partnerId} AND c.status = 'pending'
      AND (${reviewed}::boolean OR NOT EXISTS (
        SELECT 1 FROM operator_tasks t WHERE t.commission_id = c.id AND t.kind = 'commission_review' AND t.status = 'open'))
    RETURNING c.id, c.program_id AS "programId", c.partner_id AS "partnerId",
              (c.amount_minor - c.reversed_minor)::bigint AS "remainingMinor", c.currency`;
  const explanation = { approvedAt: asOf.toISOString(), by: reviewed ? 'review' : 'hold_released' };
  await appendEntries(
    db,
    approved.flatMap((row) => [
      { ...entryOf(row), kind: 'commission_approved' as const, account: 'pending' as const, amountMinor: -row.remainingMinor, idempotencyKey: ledgerKeys.approvedOutOfPending(row.id), explanation },
      { ...entryOf(row), kind: 'commission_approved' as const, account: 'approved' as const, amountMinor: row.remainingMinor, idempotencyKey: ledgerKeys.approvedIntoApproved(row.id), explanation },
    ]),
  );
  return approved;
}

/** pending → rejected: what is left of it leaves the pending account and goes nowhere. */
export async function rejectPending(
  db: Db,
  { partnerId, commissionId, reason, decidedBy }: { partnerId: string; commissionId: string; reason: string; decidedBy: string },
): Promise<Settled | null> {
  const [rejected] = await db.$queryRaw<Settled[]>`
    UPDATE commissions c SET status = 'rejected'
    WHERE c.id = ${commissionId} AND c.partner_id = ${partnerId} AND c.status = 'pending'
    RETURNING c.id, c.program_id AS "programId", c.partner_id AS "partnerId",
              (c.amount_minor - c.reversed_minor)::bigint AS "remainingMinor", c.currency`;
  if (!rejected) return null;
  const created = await db.ledgerEntry.findFirst({ where: { commissionId, kind: 'commission_created' }, select: { id: true } });
  await appendEntries(db, [
    {
      ...entryOf(rejected),
      kind: 'commission_rejected',
      account: 'pending',
      amountMinor: -rejected.remainingMinor,
      reversesEntryId: created?.id ?? null,
      idempotencyKey: ledgerKeys.rejected(commissionId),
      explanation: { reason, decidedBy },
    },
  ]);
  return rejected;
}

const entryOf = (row: Settled) => ({ programId: row.programId, partnerId: row.partnerId, commissionId: row.id, currency: row.currency });

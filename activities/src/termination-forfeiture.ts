import type { LedgerAccount, Prisma } from '@partnerflow/db';
import { formatAmount, type CurrencyTotal, type ForfeitureResult } from '@partnerflow/domain';
import { auditOnce } from './audit-once';
import { appendEntries, ledgerKeys, type EntryDraft } from './commission-ledger';

type Db = Prisma.TransactionClient;

export interface ForfeitureRequest {
  partnerId: string;
  /** The wind-down workflow: with it, the audit entry's key, so the forfeiture happens once. */
  workflowId: string;
  reason: string;
  /** API key id of the operator who terminated the partner for fraud. */
  decidedBy: string;
}

interface Taken {
  id: string;
  programId: string;
  currency: string;
  previous: LedgerAccount;
}

/**
 * pending/approved → rejected for every unpaid commission of the partner, in one statement that
 * locks them first, so the hold workflow's approval (guarded by `status = 'pending'`) can no
 * longer move one of them.
 */
function takeUnpaid(db: Db, partnerId: string): Promise<Taken[]> {
  return db.$queryRaw<Taken[]>`
    WITH target AS (
      SELECT id, status::text AS previous FROM commissions
      WHERE partner_id = ${partnerId} AND status IN ('pending', 'approved')
      ORDER BY id FOR UPDATE
    )
    UPDATE commissions c SET status = 'rejected' FROM target t WHERE c.id = t.id
    RETURNING c.id, c.program_id AS "programId", c.currency, t.previous`;
}

/** Each commission's money in the account it sat in (what its reversals left), and the entry that put it there. */
async function holdings(db: Db, taken: Taken[]) {
  const ids = taken.map((commission) => commission.id);
  const sums = await db.ledgerEntry.groupBy({ by: ['commissionId', 'account'], where: { commissionId: { in: ids } }, _sum: { amountMinor: true } });
  const credits = await db.ledgerEntry.findMany({
    where: { commissionId: { in: ids }, kind: { in: ['commission_created', 'commission_approved'] }, amountMinor: { gt: 0 } },
    select: { id: true, commissionId: true, account: true },
  });
  const key = (commissionId: string | null, account: LedgerAccount) => `${commissionId}:${account}`;
  const sumOf = new Map(sums.map((row) => [key(row.commissionId, row.account), row._sum.amountMinor ?? 0n]));
  const creditOf = new Map(credits.map((row) => [key(row.commissionId, row.account), row.id]));
  return (commission: Taken) => ({
    amountMinor: sumOf.get(key(commission.id, commission.previous)) ?? 0n,
    creditEntryId: creditOf.get(key(commission.id, commission.previous)) ?? null,
  });
}

/** Per currency, what left the accounts (positive), with its decimal text for readers of the audit entry. */
type ForfeitedTotal = { currency: string; amountMinor: string; amount: string };

function totalsOf(drafts: EntryDraft[]): ForfeitedTotal[] {
  const totals = new Map<string, bigint>();
  for (const draft of drafts) totals.set(draft.currency, (totals.get(draft.currency) ?? 0n) - draft.amountMinor);
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => ({ currency, amountMinor: minor.toString(), amount: formatAmount(minor, currency) }));
}

/**
 * A fraud termination forfeits the partner's unpaid commissions: each one's remaining money
 * leaves its account (pending or approved) as a negative `commission_rejected` entry keyed per
 * commission, pointing at the entry that put it there, with the reason; the commissions become
 * `rejected`; one audit entry on the partner sums it up. A repeat answers the first result.
 */
export async function forfeitUnpaidCommissions(db: Db, request: ForfeitureRequest): Promise<ForfeitureResult> {
  const auditKey = `${request.workflowId}:commissions-forfeited`;
  const earlier = await db.auditEntry.findUnique({ where: { idempotencyKey: auditKey } });
  if (earlier) return resultOf(earlier.after);

  const taken = await takeUnpaid(db, request.partnerId);
  const holdingOf = await holdings(db, taken);
  const explanation = { reason: request.reason, category: 'fraud', decidedBy: request.decidedBy, forfeitedBy: request.workflowId };
  const drafts: EntryDraft[] = taken.flatMap((commission) => {
    const { amountMinor, creditEntryId } = holdingOf(commission);
    if (amountMinor === 0n) return [];
    return [{
      programId: commission.programId,
      partnerId: request.partnerId,
      commissionId: commission.id,
      kind: 'commission_rejected' as const,
      account: commission.previous,
      amountMinor: -amountMinor,
      currency: commission.currency,
      reversesEntryId: creditEntryId,
      idempotencyKey: ledgerKeys.rejected(commission.id),
      explanation: { ...explanation, previousStatus: commission.previous },
    }];
  });
  await appendEntries(db, drafts);
  const result = { forfeitedCount: taken.length, totals: totalsOf(drafts) };
  await auditOnce(db, {
    actorType: 'system',
    actorId: request.workflowId,
    action: 'partner.commissions_forfeited',
    targetType: 'partner',
    targetId: request.partnerId,
    after: { ...result, commissionIds: taken.map((commission) => commission.id) },
    reason: request.reason,
    workflowId: request.workflowId,
    idempotencyKey: auditKey,
  });
  return { forfeitedCount: result.forfeitedCount, totals: result.totals.map(({ currency, amountMinor }) => ({ currency, amountMinor })) };
}

function resultOf(after: Prisma.JsonValue): ForfeitureResult {
  const stored = after as unknown as { forfeitedCount: number; totals: CurrencyTotal[] };
  return { forfeitedCount: stored.forfeitedCount, totals: stored.totals.map(({ currency, amountMinor }) => ({ currency, amountMinor })) };
}

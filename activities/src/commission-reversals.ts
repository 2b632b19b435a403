import { Prisma, type Commission, type CommissionStatus, type Conversion, type LedgerAccount } from '@partnerflow/db';
import { moneyText, reverseCommission, type CommissionLineKind, type HoldConfig, type ReversibleLine } from '@partnerflow/domain';
import { appendEntries, ledgerKeys } from './commission-ledger';

type Db = Prisma.TransactionClient;

/** One commission a refund or chargeback took (part of) back. */
export interface ReversedCommission {
  commissionId: string;
  /** This reversal, negative minor units of `currency`; "0" when absorbed or nothing was left. */
  amountMinor: string;
  currency: string;
  /** Where the negative entry went: the account the commission's money sat in. */
  account: LedgerAccount;
  /** The commission's status after it. */
  status: CommissionStatus;
  fullyReversed: boolean;
  /** Paid already, and the hold config absorbs reversals after payout: written off, not carried over. */
  absorbed: boolean;
}

/** The line as it was priced: a reversal takes back at the rate actually applied. */
const lineOf = (commission: Commission): ReversibleLine => ({
  conversionId: commission.conversionId,
  partnerId: commission.partnerId,
  ruleId: commission.ruleId,
  kind: commission.kind as CommissionLineKind,
  amountMinor: commission.originalAmountMinor,
  currency: commission.originalCurrency,
  payoutAmountMinor: commission.amountMinor,
  payoutCurrency: commission.currency,
  ...(commission.fxRate ? { fxRate: { from: commission.originalCurrency, to: commission.currency, rate: commission.fxRate, asOf: '' } } : {}),
});

/**
 * Per commission, how much of the original conversion earlier reversals took back: the refunds
 * and chargebacks already booked against it (the ledger, not the conversions table, so a
 * reversal never counts one it has not applied, whatever order they are processed in).
 */
async function refundedBefore(db: Db, commissionIds: string[], reversalId: string): Promise<Map<string, bigint>> {
  const rows = await db.$queryRaw<{ commissionId: string; refunded: bigint }[]>`
    SELECT e.commission_id AS "commissionId", coalesce(sum(-r.amount_minor), 0)::bigint AS refunded
    FROM ledger_entries e JOIN conversions r ON r.id = e.conversion_id
    WHERE e.kind = 'commission_reversed' AND e.commission_id = ANY(${commissionIds}::text[]) AND e.conversion_id <> ${reversalId}
    GROUP BY e.commission_id`;
  return new Map(rows.map((row) => [row.commissionId, row.refunded]));
}

const view = (commission: Commission, amountMinor: bigint, account: LedgerAccount, absorbed: boolean): ReversedCommission => ({
  commissionId: commission.id,
  amountMinor: amountMinor.toString(),
  currency: commission.currency,
  account,
  status: commission.status,
  fullyReversed: commission.status === 'reversed',
  absorbed,
});

/**
 * A refund or chargeback of `reversal.refersToId` takes back, pro rata, this partner's commissions
 * of the original: a negative entry in the account its money sits in (pending or approved; a paid
 * one's becomes a negative approved balance carried to the next payout, or a 0 entry in paid when
 * the hold config absorbs), keyed by (commission, reversal conversion). Rows are locked first, so
 * a release running for the same commission waits and then sees the new status. `only` narrows it
 * to some of them (a master's IB overrides earned on one sub-IB).
 */
export async function reverseCommissionsOf(
  db: Db,
  { reversal, partnerId, hold, asOf, only }: { reversal: Conversion; partnerId: string; hold: HoldConfig; asOf: Date; only?: string[] },
): Promise<ReversedCommission[]> {
  const original = reversal.refersToId ? await db.conversion.findUnique({ where: { id: reversal.refersToId } }) : null;
  if (!original) return [];
  const narrowed = only ? Prisma.sql`AND id = ANY(${only}::text[])` : Prisma.empty;
  await db.$queryRaw`SELECT id FROM commissions WHERE conversion_id = ${original.id} AND partner_id = ${partnerId} ${narrowed} FOR UPDATE`;
  const commissions = await db.commission.findMany({ where: { conversionId: original.id, partnerId, ...(only ? { id: { in: only } } : {}) }, orderBy: { id: 'asc' } });
  const keys = commissions.map((commission) => ledgerKeys.reversed(commission.id, reversal.id));
  const booked = new Map((await db.ledgerEntry.findMany({ where: { idempotencyKey: { in: keys } } })).map((entry) => [entry.commissionId, entry]));
  const before = await refundedBefore(db, commissions.map((commission) => commission.id), reversal.id);

  const results: ReversedCommission[] = [];
  for (const commission of commissions) {
    const earlier = booked.get(commission.id);
    if (earlier) {
      // A retry: this reversal is booked already; answer what it did.
      results.push(view(commission, earlier.amountMinor, earlier.account, (earlier.explanation as { absorbed?: boolean } | null)?.absorbed === true));
      continue;
    }
    if (commission.status === 'rejected' || commission.status === 'reversed') continue;
    const computed = reverseCommission(lineOf(commission), reversal.amountMinor ?? 0n, original.amountMinor ?? 0n, before.get(commission.id) ?? 0n);
    const left = commission.amountMinor - commission.reversedMinor;
    const share = computed.payoutAmountMinor < -left ? -left : computed.payoutAmountMinor;
    const absorbed = commission.status === 'paid' && hold.negativeBalance === 'absorb';
    const amountMinor = absorbed ? 0n : share;
    const account: LedgerAccount = commission.status === 'pending' ? 'pending' : absorbed ? 'paid' : 'approved';
    const reversedKey = account === 'pending' ? ledgerKeys.created(commission.conversionId, partnerId, commission.ruleId) : ledgerKeys.approvedIntoApproved(commission.id);
    const reverses = await db.ledgerEntry.findUnique({ where: { idempotencyKey: reversedKey }, select: { id: true } });
    await appendEntries(db, [
      {
        programId: commission.programId,
        partnerId,
        commissionId: commission.id,
        conversionId: reversal.id,
        kind: 'commission_reversed',
        account,
        amountMinor,
        currency: commission.currency,
        reversesEntryId: reverses?.id ?? null,
        idempotencyKey: ledgerKeys.reversed(commission.id, reversal.id),
        explanation: {
          reversal: { type: reversal.type, conversionId: reversal.id, originalConversionId: original.id },
          steps: computed.steps,
          ...(absorbed ? { absorbed: true, writtenOff: moneyText(-share, commission.currency), rule: 'hold config negativeBalance: absorb' } : {}),
        },
      },
    ]);
    const reversedMinor = commission.reversedMinor - amountMinor;
    const status: CommissionStatus = !absorbed && reversedMinor >= commission.amountMinor ? 'reversed' : commission.status;
    const updated = await db.commission.update({ where: { id: commission.id }, data: { reversedMinor, status } });
    if (status === 'reversed') {
      await db.operatorTask.updateMany({
        where: { commissionId: commission.id, kind: 'commission_review', status: 'open' },
        data: { status: 'done', decisionReason: `fully reversed by ${reversal.type} ${reversal.id}`, decidedAt: asOf },
      });
    }
    results.push(view(updated, amountMinor, account, absorbed));
  }
  return results;
}

import type { Prisma } from '@partnerflow/db';
import { formatAmount, METHOD_LABELS, minimumFor, type DomainEventInput } from '@partnerflow/domain';
import type { Settled } from '../commission-ledger';
import { currentPayoutPolicy } from '../payouts/payout-policy.loader';
import { unclaimedApprovedEntries } from '../payouts/unclaimed-approved.sql';

type Db = Prisma.TransactionClient;

/** What the next payout run would find for the partner (its own reading; a negative carry-over counts against it). */
async function unpaidApprovedBalance(db: Db, programId: string, partnerId: string, currency: string): Promise<bigint> {
  const [row] = await db.$queryRaw<{ balance: bigint }[]>`
    SELECT COALESCE(SUM(e.amount_minor), 0)::bigint AS balance FROM ledger_entries e
    WHERE e.partner_id = ${partnerId} AND ${unclaimedApprovedEntries(programId, currency)}`;
  return row.balance;
}

/**
 * `payout.threshold_reached` (seed 003: "prompt payout request or method confirmation") when the
 * approvals just written, in the caller's transaction, lift a partner's unpaid approved balance
 * from below the payout minimum — of the partner's payout method, else the program's lowest — to
 * at least it. Once per crossing: a balance already above the minimum earns no second notice
 * until a payout has taken it below again. Keyed by the first commission of the crossing, so a
 * retried transaction records it once.
 */
export async function thresholdReachedEvents(db: Db, approved: Settled[], asOf: Date): Promise<DomainEventInput[]> {
  const byPartner = new Map<string, Settled[]>();
  for (const row of approved) {
    const key = `${row.programId}/${row.partnerId}`;
    byPartner.set(key, [...(byPartner.get(key) ?? []), row]);
  }
  const events: DomainEventInput[] = [];
  for (const rows of byPartner.values()) {
    const { programId, partnerId } = rows[0];
    const { policy } = await currentPayoutPolicy(db, programId);
    const added = rows.filter((row) => row.currency === policy.currency).reduce((sum, row) => sum + row.remainingMinor, 0n);
    if (added <= 0n) continue;
    const method = await db.payoutMethod.findUnique({ where: { partnerId }, select: { type: true } });
    const minimum = minimumFor(policy, method?.type ?? null);
    const balance = await unpaidApprovedBalance(db, programId, partnerId, policy.currency);
    if (balance < minimum || balance - added >= minimum) continue;
    const first = rows.map((row) => row.id).sort()[0];
    events.push({
      name: 'payout.threshold_reached',
      programId,
      partnerId,
      subject: { type: 'commission', id: first },
      data: {
        balance: formatAmount(balance, policy.currency),
        currency: policy.currency,
        minimum: formatAmount(minimum, policy.currency),
        payoutMethod: method ? METHOD_LABELS[method.type] : null,
        commissionIds: rows.map((row) => row.id),
      },
      occurredAt: asOf,
      idempotencyKey: `payout.threshold_reached:${partnerId}:${first}`,
    });
  }
  return events;
}

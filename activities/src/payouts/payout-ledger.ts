import type { Payout, Prisma } from '@partnerflow/db';
import { formatAmount, newId, type DomainEventInput } from '@partnerflow/domain';
import { payoutFailedEvent, payoutPaidEvent, payoutReturnedEvent, recordDomainEvent } from '../events';

type Db = Prisma.TransactionClient;

/**
 * A payout's money movements and status changes, each guarded by the status it moves from, so a
 * retried activity, a second poll or a late "mark paid" finds nothing left to do. The ledger
 * entries are keyed by payout id: approved → paid when it is paid, paid → approved when the
 * payment comes back. Which commissions it paid is in its `payout_items`.
 */

export const payoutLedgerKeys = {
  paidOutOfApproved: (payoutId: string) => `payout-paid:${payoutId}:approved`,
  paidIntoPaid: (payoutId: string) => `payout-paid:${payoutId}:paid`,
  returnedIntoApproved: (payoutId: string) => `payout-returned:${payoutId}:approved`,
  returnedOutOfPaid: (payoutId: string) => `payout-returned:${payoutId}:paid`,
};

export interface Actor {
  actorType: 'system' | 'operator';
  actorId: string;
}

async function audit(db: Db, payout: Payout, action: string, actor: Actor, after: Record<string, unknown>, reason: string | null) {
  await db.auditEntry.createMany({
    data: [
      {
        id: newId('audit'),
        ...actor,
        action,
        targetType: 'partner',
        targetId: payout.partnerId,
        after: { payoutId: payout.id, runId: payout.runId, amount: formatAmount(payout.amountMinor, payout.currency), currency: payout.currency, ...after },
        reason,
        workflowId: payout.runId,
        idempotencyKey: `${payout.id}:${action}`,
      },
    ],
    skipDuplicates: true,
  });
}

/**
 * The outbox event of a payout's outcome (webhooks, notification rules), in the transaction that
 * moved the payout. When the move was done before (a retried activity, a second poll, a late
 * "mark paid") the event recorded then is answered instead, so the caller starts its dispatch
 * again — a no-op if it ran — rather than leaving it to the catch-up.
 */
async function outcomeEvent(db: Db, moved: boolean, event: DomainEventInput): Promise<string[]> {
  if (moved) return [await recordDomainEvent(db, event)];
  const earlier = await db.domainEvent.findUnique({ where: { idempotencyKey: event.idempotencyKey }, select: { id: true } });
  return earlier ? [earlier.id] : [];
}

/** Moves the commissions whose approval entries this payout carries from one status to the other. */
function moveCommissions(db: Db, payoutId: string, from: 'approved' | 'paid', to: 'approved' | 'paid') {
  return db.$executeRaw`
    UPDATE commissions SET status = ${to}::"CommissionStatus" WHERE status = ${from}::"CommissionStatus" AND id IN (
      SELECT e.commission_id FROM payout_items i JOIN ledger_entries e ON e.id = i.ledger_entry_id
      WHERE i.payout_id = ${payoutId} AND e.commission_id IS NOT NULL)`;
}

/** Answers the id of its payout.paid event (the earlier one when the payout was paid before; none when it was not processing). */
export async function recordPaid(
  db: Db,
  payout: Payout,
  paid: { providerReference: string | null; providerStatus: string; at: Date; actor: Actor },
): Promise<string[]> {
  const { count } = await db.payout.updateMany({
    where: { id: payout.id, status: 'processing' },
    data: { status: 'paid', providerReference: paid.providerReference, providerStatus: paid.providerStatus, paidAt: paid.at, failureReason: null },
  });
  const event = payoutPaidEvent(payout, { providerReference: paid.providerReference, at: paid.at });
  if (count === 0) return outcomeEvent(db, false, event);
  const entry = { programId: payout.programId, partnerId: payout.partnerId, kind: 'payout_paid' as const, currency: payout.currency, payoutId: payout.id, createdAt: paid.at };
  const explanation = { payoutId: payout.id, runId: payout.runId, provider: payout.provider, providerReference: paid.providerReference };
  await db.ledgerEntry.createMany({
    data: [
      { id: newId('ledgerEntry'), ...entry, account: 'approved', amountMinor: -payout.amountMinor, idempotencyKey: payoutLedgerKeys.paidOutOfApproved(payout.id), explanation },
      { id: newId('ledgerEntry'), ...entry, account: 'paid', amountMinor: payout.amountMinor, idempotencyKey: payoutLedgerKeys.paidIntoPaid(payout.id), explanation },
    ],
    skipDuplicates: true,
  });
  await moveCommissions(db, payout.id, 'approved', 'paid');
  await audit(db, payout, 'payout.paid', paid.actor, { status: 'paid', provider: payout.provider, providerReference: paid.providerReference }, null);
  return outcomeEvent(db, true, event);
}

/** The provider refused: the entries go back to the approved balance (items released) with its reason. Answers its payout.failed event's id. */
export async function recordFailed(db: Db, payout: Payout, failed: { providerStatus: string; reason: string; providerReference?: string | null }): Promise<string[]> {
  const event = payoutFailedEvent(payout, { reason: failed.reason, providerStatus: failed.providerStatus, at: new Date() });
  const { count } = await db.payout.updateMany({
    where: { id: payout.id, status: { in: ['approved', 'processing'] } },
    data: { status: 'failed', providerStatus: failed.providerStatus, failureReason: failed.reason, ...(failed.providerReference ? { providerReference: failed.providerReference } : {}) },
  });
  if (count === 0) return outcomeEvent(db, false, event);
  await db.payoutItem.deleteMany({ where: { payoutId: payout.id } });
  await audit(db, payout, 'payout.failed', { actorType: 'system', actorId: payout.runId }, { status: 'failed', provider: payout.provider, providerStatus: failed.providerStatus }, failed.reason);
  return outcomeEvent(db, true, event);
}

/** Not sent after all (the method changed since the gates ran): held, the balance goes to the next run. */
export async function recordHeld(db: Db, payout: Payout, reason: string): Promise<boolean> {
  const { count } = await db.payout.updateMany({ where: { id: payout.id, status: 'approved' }, data: { status: 'held', statusReason: reason } });
  if (count === 0) return false;
  await db.payoutItem.deleteMany({ where: { payoutId: payout.id } });
  await audit(db, payout, 'payout.held', { actorType: 'system', actorId: payout.runId }, { status: 'held' }, reason);
  return true;
}

/**
 * A paid payout came back (bounced transfer, closed account): the money returns to the approved
 * balance as a new entry, which the next run pays; the items stay, as the record of what was paid.
 * `returned`: this call moved it; `eventIds`: its payout.returned event (also when moved before).
 */
export async function recordReturned(db: Db, payout: Payout, returned: { reason: string; at: Date; actor: Actor }): Promise<{ returned: boolean; eventIds: string[] }> {
  const { count } = await db.payout.updateMany({ where: { id: payout.id, status: 'paid' }, data: { status: 'returned', returnedAt: returned.at, failureReason: returned.reason } });
  const event = payoutReturnedEvent(payout, returned);
  if (count === 0) return { returned: false, eventIds: await outcomeEvent(db, false, event) };
  const entry = { programId: payout.programId, partnerId: payout.partnerId, kind: 'payout_returned' as const, currency: payout.currency, payoutId: payout.id, createdAt: returned.at };
  const paidEntry = await db.ledgerEntry.findUnique({ where: { idempotencyKey: payoutLedgerKeys.paidIntoPaid(payout.id) }, select: { id: true } });
  const explanation = { payoutId: payout.id, reason: returned.reason, returnedBy: returned.actor.actorId };
  await db.ledgerEntry.createMany({
    data: [
      { id: newId('ledgerEntry'), ...entry, account: 'approved', amountMinor: payout.amountMinor, reversesEntryId: null, idempotencyKey: payoutLedgerKeys.returnedIntoApproved(payout.id), explanation },
      { id: newId('ledgerEntry'), ...entry, account: 'paid', amountMinor: -payout.amountMinor, reversesEntryId: paidEntry?.id ?? null, idempotencyKey: payoutLedgerKeys.returnedOutOfPaid(payout.id), explanation },
    ],
    skipDuplicates: true,
  });
  await moveCommissions(db, payout.id, 'paid', 'approved');
  await audit(db, payout, 'payout.returned', returned.actor, { status: 'returned' }, returned.reason);
  return { returned: true, eventIds: await outcomeEvent(db, true, event) };
}

import type { Prisma, PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';

const DAY = 86_400_000;
const REVENUE = ['sale', 'deposit', 'renewal', 'trade'];

export interface SeededConversion {
  id: string;
  type: string;
  day: number;
  refersTo: string | null;
  amount: bigint | null;
  currency: string | null;
  shares: { partnerId: string; amount: bigint | null }[];
}

/**
 * The money side of the seeded history, as the hold workflow and a payout run would have written
 * it: a commission per credited share (10% of revenue, 5.00 per signup, none for leads or USD),
 * created → approved 30 days later (one rejected), refunds reversing pro rata in the account the
 * money sits in, two payout runs paying approval entries (one payout returned), payout ledger entries.
 */
/** Who the two payout runs pay, and whose payout of the first run is returned. */
export interface Payees {
  first: string[];
  returned: string[];
  second: string[];
}

export async function seedReportMoney(prisma: PrismaClient, programId: string, base: Date, conversions: SeededConversion[], payees: Payees): Promise<void> {
  const at = (day: number) => new Date(base.getTime() + day * DAY);
  const commissions: Prisma.CommissionCreateManyInput[] = [];
  const entries: Prisma.LedgerEntryCreateManyInput[] = [];
  const entry = (commission: { id: string; partnerId: string }, kind: string, account: string, amount: bigint, day: number, more: Partial<Prisma.LedgerEntryCreateManyInput> = {}) => {
    const id = newId('ledgerEntry');
    entries.push({ id, programId, partnerId: commission.partnerId, commissionId: commission.id, kind: kind as never, account: account as never, amountMinor: amount, currency: 'EUR', idempotencyKey: id, createdAt: at(day), ...more });
    return id;
  };

  const rejectedConversion = conversions.find((c) => c.type === 'deposit')!.id;
  for (const c of conversions) {
    const priced = c.type === 'signup' || (REVENUE.includes(c.type) && c.currency === 'EUR');
    if (!priced) continue;
    for (const share of c.shares) {
      const amount = c.type === 'signup' ? 500n : share.amount! / 10n;
      const id = newId('commission');
      const approved = c.day < 110 && c.id !== rejectedConversion;
      commissions.push({
        id, programId, partnerId: share.partnerId, conversionId: c.id, ruleId: c.type === 'signup' ? 'signup-bounty' : 'sale-revshare',
        kind: c.type === 'signup' ? 'flat' : 'percentage', amountMinor: amount, currency: 'EUR', originalAmountMinor: amount, originalCurrency: 'EUR',
        explanation: { seeded: true }, status: c.id === rejectedConversion ? 'rejected' : approved ? 'approved' : 'pending',
        holdUntil: at(c.day + 30), createdAt: at(c.day), approvedAt: approved ? at(c.day + 30) : null,
      });
      const commission = { id, partnerId: share.partnerId };
      entry(commission, 'commission_created', 'pending', amount, c.day);
      if (c.id === rejectedConversion) entry(commission, 'commission_rejected', 'pending', -amount, c.day + 2);
    }
  }
  for (const r of conversions.filter((c) => c.refersTo !== null)) {
    const original = conversions.find((c) => c.id === r.refersTo)!;
    for (const share of r.shares) {
      const commission = commissions.find((c) => c.conversionId === original.id && c.partnerId === share.partnerId);
      const originalShare = original.shares.find((s) => s.partnerId === share.partnerId)!.amount!;
      if (!commission) continue;
      const reversed = (commission.amountMinor as bigint) * -share.amount! / originalShare;
      const account = commission.approvedAt && (commission.approvedAt as Date).getTime() <= at(r.day).getTime() ? 'approved' : 'pending';
      entry(commission, 'commission_reversed', account, -reversed, r.day, { conversionId: r.id });
      commission.reversedMinor = ((commission.reversedMinor as bigint | undefined) ?? 0n) + reversed;
      if (commission.reversedMinor === commission.amountMinor) commission.status = 'reversed';
    }
  }
  // Approval moves what is left in pending (a refund during the hold took its part back there).
  for (const c of commissions.filter((commission) => commission.approvedAt)) {
    const left = entries.filter((e) => e.commissionId === c.id && e.account === 'pending').reduce((sum, e) => sum + (e.amountMinor as bigint), 0n);
    const day = ((c.approvedAt as Date).getTime() - base.getTime()) / DAY;
    if (left === 0n) {
      c.approvedAt = null; // fully reversed during its hold: nothing left to approve
      continue;
    }
    entry({ id: c.id, partnerId: c.partnerId }, 'commission_approved', 'pending', -left, day);
    entry({ id: c.id, partnerId: c.partnerId }, 'commission_approved', 'approved', left, day);
  }

  const runs = [
    { id: `payout-${programId}-r1`, periodEnd: at(119), cutoffAt: at(120), paidDay: 125, partners: payees.first, returned: payees.returned },
    { id: `payout-${programId}-r2`, periodEnd: at(129), cutoffAt: at(130), paidDay: 131, partners: payees.second, returned: [] as string[] },
  ];
  const payouts: Prisma.PayoutCreateManyInput[] = [];
  const items: Prisma.PayoutItemCreateManyInput[] = [];
  const paidItem = new Set<string>();
  for (const run of runs) {
    for (const partnerId of [...run.partners, ...run.returned]) {
      const due = entries.filter((e) => e.partnerId === partnerId && e.account === 'approved' && (e.createdAt as Date) < run.cutoffAt && !paidItem.has(e.id));
      if (due.length === 0) continue;
      const payoutId = newId('payout');
      const returned = run.returned.includes(partnerId);
      const amount = due.reduce((sum, e) => sum + (e.amountMinor as bigint), 0n);
      payouts.push({ id: payoutId, runId: run.id, programId, partnerId, amountMinor: amount, currency: 'EUR', status: returned ? 'returned' : 'paid', gates: {}, paidAt: at(run.paidDay), returnedAt: returned ? at(run.paidDay + 3) : null });
      for (const e of due) {
        items.push({ payoutId, ledgerEntryId: e.id, amountMinor: e.amountMinor as bigint });
        if (!returned) paidItem.add(e.id);
      }
      const payoutEntry = (kind: string, account: string, minor: bigint, day: number) =>
        entries.push({ id: newId('ledgerEntry'), programId, partnerId, kind: kind as never, account: account as never, amountMinor: minor, currency: 'EUR', payoutId, idempotencyKey: `${payoutId}:${kind}:${account}`, createdAt: at(day) });
      payoutEntry('payout_paid', 'approved', -amount, run.paidDay);
      payoutEntry('payout_paid', 'paid', amount, run.paidDay);
      if (returned) {
        payoutEntry('payout_returned', 'paid', -amount, run.paidDay + 3);
        payoutEntry('payout_returned', 'approved', amount, run.paidDay + 3);
      }
    }
  }
  for (const c of commissions) {
    if (entries.some((e) => e.commissionId === c.id && e.kind === 'commission_approved' && paidItem.has(e.id))) c.status = 'paid';
  }

  await prisma.commission.createMany({ data: commissions });
  await prisma.ledgerEntry.createMany({ data: entries });
  await prisma.payoutRun.createMany({
    data: runs.map((run) => ({ id: run.id, programId, periodEnd: run.periodEnd, cutoffAt: run.cutoffAt, currency: 'EUR', policyVersion: 1, status: 'completed', trigger: 'schedule' })),
  });
  await prisma.payout.createMany({ data: payouts });
  await prisma.payoutItem.createMany({ data: items });
}

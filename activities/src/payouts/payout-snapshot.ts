import type { PayoutRun, PayoutStatus, Prisma } from '@partnerflow/db';
import {
  evaluatePayout,
  formatAmount,
  newId,
  type PayoutCandidate,
  type PayoutDecision,
  type PayoutPolicy,
} from '@partnerflow/domain';
import { recordDomainEvents } from '../events/record-domain-event';
import { documentRequests, type DecidedPayout } from './payout-document-requests';
import { unclaimedApprovedEntries } from './unclaimed-approved.sql';

type Db = Prisma.TransactionClient;

/** When the approval step's timers fall, written on each payout_approval task. */
export interface ApprovalWindow {
  openedAt: string;
  remindAt: string;
  escalateAt: string;
  deadlineAt: string | null;
}

/** What the reads need of a run: a preview passes a run that does not exist (no payouts of its own). */
type RunScope = Pick<PayoutRun, 'id' | 'programId' | 'currency' | 'cutoffAt'>;

export interface SnapshotBatch {
  run: PayoutRun;
  policy: PayoutPolicy;
  afterPartnerId: string | null;
  limit: number;
  asOf: Date;
  window: ApprovalWindow;
}

export interface SnapshotPayout {
  payoutId: string;
  partnerId: string;
  status: PayoutStatus;
  approvalsRequired: number;
}

interface Entry {
  id: string;
  partnerId: string;
  amountMinor: bigint;
}

/**
 * Which approved-account entries a run pays: those no payout claims yet (unclaimedApprovedEntries), up to the cutoff.
 *
 * The partners of one batch, in id order: those with such entries, and those this run has a payout for already — so a retried batch
 * answers the same partners, whatever its first attempt committed.
 */
async function batchPartners(db: Db, { run, afterPartnerId, limit }: { run: RunScope; afterPartnerId: string | null; limit: number }): Promise<string[]> {
  const rows = await db.$queryRaw<{ partnerId: string }[]>`
    SELECT partner_id AS "partnerId" FROM (
      SELECT e.partner_id FROM ledger_entries e
      WHERE ${unclaimedApprovedEntries(run.programId, run.currency)}
        AND e.created_at <= ${run.cutoffAt} AND (${afterPartnerId}::text IS NULL OR e.partner_id > ${afterPartnerId})
      UNION
      SELECT p.partner_id FROM payouts p WHERE p.run_id = ${run.id} AND (${afterPartnerId}::text IS NULL OR p.partner_id > ${afterPartnerId})
    ) batch ORDER BY partner_id LIMIT ${limit}`;
  return rows.map((row) => row.partnerId);
}

function unclaimedEntries(db: Db, run: RunScope, partnerIds: string[]): Promise<Entry[]> {
  return db.$queryRaw<Entry[]>`
    SELECT e.id, e.partner_id AS "partnerId", e.amount_minor AS "amountMinor" FROM ledger_entries e
    WHERE e.partner_id = ANY(${partnerIds}::text[]) AND ${unclaimedApprovedEntries(run.programId, run.currency)} AND e.created_at <= ${run.cutoffAt}
    ORDER BY e.id`;
}

/** Everything the gates look at, for every partner of the batch at once. */
async function candidatesOf(db: Db, run: RunScope, partnerIds: string[], entries: Entry[]): Promise<Map<string, PayoutCandidate>> {
  const [partners, taxProfiles, methods, reviews, paid] = await Promise.all([
    db.partner.findMany({ where: { id: { in: partnerIds } }, select: { id: true, country: true } }),
    db.taxProfile.findMany({ where: { partnerId: { in: partnerIds } }, select: { partnerId: true, formType: true, usPerson: true, signedAt: true } }),
    db.payoutMethod.findMany({ where: { partnerId: { in: partnerIds } }, select: { partnerId: true, type: true, changedAt: true } }),
    db.operatorTask.groupBy({ by: ['partnerId'], where: { partnerId: { in: partnerIds }, kind: 'commission_review', status: 'open' }, _count: { _all: true } }),
    db.payout.findMany({ where: { partnerId: { in: partnerIds }, paidAt: { not: null } }, select: { partnerId: true }, distinct: ['partnerId'] }),
  ]);
  const byPartner = <T extends { partnerId: string }>(rows: T[]) => new Map(rows.map((row) => [row.partnerId, row]));
  const tax = byPartner(taxProfiles);
  const method = byPartner(methods);
  const flags = new Map(reviews.map((row) => [row.partnerId, row._count._all]));
  const paidBefore = new Set(paid.map((row) => row.partnerId));
  const sums = new Map<string, bigint>();
  for (const entry of entries) sums.set(entry.partnerId, (sums.get(entry.partnerId) ?? 0n) + entry.amountMinor);
  return new Map(
    partners.map((partner) => [
      partner.id,
      {
        amountMinor: sums.get(partner.id) ?? 0n,
        currency: run.currency,
        partner: { country: partner.country },
        taxProfile: tax.get(partner.id) ?? null,
        method: method.get(partner.id) ?? null,
        openFraudFlags: flags.get(partner.id) ?? 0,
        paidBefore: paidBefore.has(partner.id),
      },
    ]),
  );
}

/** Money goes out (now or once approved): only then does the payout claim its entries. */
const claimsEntries = (status: PayoutStatus) => status === 'approved' || status === 'awaiting_approval';

/**
 * One batch of the run's snapshot, in one transaction: each partner's unclaimed approved balance
 * up to the cutoff (negative entries included, so a negative carry-over nets against new
 * commissions), the gates and the approvals it needs, the payout row, the entries it claims
 * (`payout_items`: unique per entry, so an entry is never in two live payouts — a concurrent run
 * claiming the same entry fails this transaction, and the retry sees them claimed), an approval
 * task for each payout waiting for a person, and one audit entry per partner for the timeline.
 * A partner whose entries add up to zero gets no payout.
 */
export async function snapshotBatch(db: Db, batch: SnapshotBatch): Promise<{ partnerIds: string[]; payouts: SnapshotPayout[]; eventIds: string[] }> {
  const { run, policy, asOf, window } = batch;
  const partnerIds = await batchPartners(db, batch);
  if (partnerIds.length === 0) return { partnerIds, payouts: [], eventIds: [] };
  const existing = await db.payout.findMany({ where: { runId: run.id, partnerId: { in: partnerIds } } });
  const done = new Set(existing.map((payout) => payout.partnerId));
  const fresh = partnerIds.filter((partnerId) => !done.has(partnerId));
  const entries = await unclaimedEntries(db, run, fresh);
  const candidates = await candidatesOf(db, run, fresh, entries);

  const decided: DecidedPayout[] = [];
  for (const [partnerId, candidate] of candidates) {
    if (candidate.amountMinor === 0n) continue;
    decided.push({ payoutId: newId('payout'), partnerId, amountMinor: candidate.amountMinor, candidate, decision: evaluatePayout(policy, candidate, asOf) });
  }
  await db.payout.createMany({
    data: decided.map(({ payoutId, partnerId, amountMinor, decision }) => ({
      id: payoutId,
      runId: run.id,
      programId: run.programId,
      partnerId,
      amountMinor,
      currency: run.currency,
      status: decision.status,
      gates: { ...decision.gates, approval: { required: decision.approvalsRequired, reasons: decision.approvalReasons } } as unknown as Prisma.InputJsonObject,
      statusReason: decision.statusReason,
      approvalsRequired: decision.approvalsRequired,
      method: decision.method,
      provider: decision.provider,
    })),
  });
  const payoutOf = new Map(decided.filter((each) => claimsEntries(each.decision.status)).map((each) => [each.partnerId, each.payoutId]));
  await db.payoutItem.createMany({
    data: entries.filter((entry) => payoutOf.has(entry.partnerId)).map((entry) => ({ payoutId: payoutOf.get(entry.partnerId)!, ledgerEntryId: entry.id, amountMinor: entry.amountMinor })),
  });
  const amountText = (minor: bigint) => `${formatAmount(minor, run.currency)} ${run.currency}`;
  const waiting = decided.filter((each) => each.decision.status === 'awaiting_approval');
  await db.operatorTask.createMany({
    data: waiting.map(({ payoutId, partnerId, amountMinor, decision }) => ({
      id: newId('task'),
      kind: 'payout_approval' as const,
      partnerId,
      workflowId: run.id,
      subjectKey: payoutId,
      summary: `payout of ${amountText(amountMinor)} needs ${decision.approvalsRequired === 2 ? 'two approvals from different people' : 'an approval'}`,
      reasons: decision.approvalReasons.map((reason) => ({ rule: 'payout-approval', type: 'payout_approval', reason })),
      configVersion: run.policyVersion,
      openedAt: new Date(window.openedAt),
      remindAt: new Date(window.remindAt),
      escalateAt: new Date(window.escalateAt),
      deadlineAt: window.deadlineAt ? new Date(window.deadlineAt) : null,
      onDeadline: window.deadlineAt ? 'skip' : null,
    })),
    skipDuplicates: true,
  });
  await db.auditEntry.createMany({
    data: decided.map(({ payoutId, partnerId, amountMinor, decision }) => ({
      id: newId('audit'),
      actorType: 'system' as const,
      actorId: run.id,
      action: 'payout.prepared',
      targetType: 'partner',
      targetId: partnerId,
      after: { payoutId, runId: run.id, status: decision.status, amount: formatAmount(amountMinor, run.currency), currency: run.currency, approvalsRequired: decision.approvalsRequired },
      reason: decision.statusReason,
      workflowId: run.id,
      idempotencyKey: `${payoutId}:prepared`,
    })),
    skipDuplicates: true,
  });
  const eventIds = await recordDomainEvents(db, documentRequests(batch, decided));
  const payouts: SnapshotPayout[] = [
    ...existing.map((payout) => ({ payoutId: payout.id, partnerId: payout.partnerId, status: payout.status, approvalsRequired: payout.approvalsRequired })),
    ...decided.map(({ payoutId, partnerId, decision }) => ({ payoutId, partnerId, status: decision.status as PayoutStatus, approvalsRequired: decision.approvalsRequired })),
  ];
  return { partnerIds, payouts, eventIds };
}

export interface PreviewedPayout {
  partnerId: string;
  amountMinor: bigint;
  decision: PayoutDecision;
}

/**
 * What a run over the program's approved balances up to `cutoffAt` would decide, read-only: the
 * same partners, entries, candidates and gates as `snapshotBatch`, nothing written. `partnerId`
 * narrows it to one partner. At most `limit` partners (in id order); `more` says others follow.
 */
export async function previewPayouts(
  db: Db,
  request: { programId: string; currency: string; cutoffAt: Date; policy: PayoutPolicy; asOf: Date; partnerId?: string; limit: number },
): Promise<{ payouts: PreviewedPayout[]; more: boolean }> {
  const run: RunScope = { id: '', programId: request.programId, currency: request.currency, cutoffAt: request.cutoffAt };
  const found = request.partnerId ? [request.partnerId] : await batchPartners(db, { run, afterPartnerId: null, limit: request.limit + 1 });
  const partnerIds = found.slice(0, request.limit);
  const entries = await unclaimedEntries(db, run, partnerIds);
  const candidates = await candidatesOf(db, run, partnerIds, entries);
  const payouts: PreviewedPayout[] = [];
  for (const [partnerId, candidate] of candidates) {
    if (candidate.amountMinor === 0n) continue;
    payouts.push({ partnerId, amountMinor: candidate.amountMinor, decision: evaluatePayout(request.policy, candidate, request.asOf) });
  }
  payouts.sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));
  return { payouts, more: found.length > request.limit };
}

import type { PayoutStatus, Prisma, PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { LEDGER_TRANSACTION } from '../commission-ledger';
import { dispatchDomainEventBatchesFromActivity } from '../events/domain-event-dispatch';
import { payoutPolicyVersion } from './payout-policy.loader';
import { snapshotBatch, type ApprovalWindow } from './payout-snapshot';

export interface SnapshotBatchRequest {
  runId: string;
  afterPartnerId: string | null;
  limit: number;
  /** The workflow's time: what the gates call now (the 48-hour method rule, tax form expiry). */
  asOf: string;
  window: ApprovalWindow;
}

export interface SnapshotBatchResult {
  /** The last partner of this batch; null when there was nobody left (the snapshot is done). */
  lastPartnerId: string | null;
  counts: Partial<Record<PayoutStatus, number>>;
  awaiting: { payoutId: string; approvalsRequired: number }[];
  /** Payouts whose partner is told why nothing goes out now (carried over, held). */
  noticeIds: string[];
}

export interface PayoutDecisionRecord {
  runId: string;
  approverId: string;
  decision: 'approve' | 'reject';
  reason?: string;
  approved: string[];
  awaitingAnotherApproval: string[];
  rejected: string[];
  at: string;
}

type Db = Prisma.TransactionClient;

/** Ids per statement: large enough for a run's batches, well inside PostgreSQL's bind-parameter limit. */
const CHUNK = 1_000;
const chunks = <T>(items: T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, index) => items.slice(index * CHUNK, (index + 1) * CHUNK));

export function createPayoutRunActivities({ prisma }: { prisma: PrismaClient }) {
  /** Payouts that will not go out in this run: their entries are free for the next run. */
  async function release(tx: Db, payoutIds: string[]) {
    for (const ids of chunks(payoutIds)) await tx.payoutItem.deleteMany({ where: { payoutId: { in: ids } } });
  }

  async function closeTasks(
    tx: Db,
    runId: string,
    payoutIds: string[],
    data: { decision: 'approve' | 'reject' | null; decisionReason: string | null; decidedBy: string | null; decidedAt: Date },
  ) {
    for (const ids of chunks(payoutIds)) {
      await tx.operatorTask.updateMany({ where: { workflowId: runId, subjectKey: { in: ids }, kind: 'payout_approval', status: 'open' }, data: { status: 'done', ...data } });
    }
  }

  async function auditPayouts(
    tx: Db,
    payoutIds: string[],
    entry: { action: string; actorType: 'system' | 'operator'; actorId: string; runId: string; reason: string | null; key: string; after: Record<string, unknown> },
  ) {
    for (const ids of chunks(payoutIds)) {
      const payouts = await tx.payout.findMany({ where: { id: { in: ids } }, select: { id: true, partnerId: true } });
      await tx.auditEntry.createMany({
        data: payouts.map((payout) => ({
          id: newId('audit'),
          actorType: entry.actorType,
          actorId: entry.actorId,
          action: entry.action,
          targetType: 'partner',
          targetId: payout.partnerId,
          after: { payoutId: payout.id, runId: entry.runId, ...entry.after },
          reason: entry.reason,
          workflowId: entry.runId,
          idempotencyKey: `${payout.id}:${entry.key}`,
        })),
        skipDuplicates: true,
      });
    }
  }

  return {
    /** One batch of the snapshot (payout-snapshot.ts says what it writes). */
    async snapshotPayoutBatch(request: SnapshotBatchRequest): Promise<SnapshotBatchResult> {
      const run = await prisma.payoutRun.findUniqueOrThrow({ where: { id: request.runId } });
      const policy = await payoutPolicyVersion(prisma, run.programId, run.policyVersion);
      const { partnerIds, payouts, eventIds } = await prisma.$transaction(
        (tx) => snapshotBatch(tx, { run, policy, afterPartnerId: request.afterPartnerId, limit: request.limit, asOf: new Date(request.asOf), window: request.window }),
        LEDGER_TRANSACTION,
      );
      await dispatchDomainEventBatchesFromActivity(`${run.id}-documents-${partnerIds[0]}`, eventIds);
      const counts: Partial<Record<PayoutStatus, number>> = {};
      for (const payout of payouts) counts[payout.status] = (counts[payout.status] ?? 0) + 1;
      return {
        lastPartnerId: partnerIds.at(-1) ?? null,
        counts,
        awaiting: payouts.filter((p) => p.status === 'awaiting_approval').map((p) => ({ payoutId: p.payoutId, approvalsRequired: p.approvalsRequired })),
        noticeIds: payouts.filter((p) => p.status === 'carried_over' || p.status === 'held').map((p) => p.payoutId),
      };
    },

    /**
     * An approver's decision, as the run workflow accepted it: one approval row per payout (unique
     * per approver: the database refuses the same person twice too), the payouts it completes
     * approved, those it rejects released, their tasks closed and each step audited.
     */
    async recordPayoutDecisions(record: PayoutDecisionRecord): Promise<void> {
      const decided = [...record.approved, ...record.awaitingAnotherApproval, ...record.rejected];
      const at = new Date(record.at);
      await prisma.$transaction(async (tx) => {
        for (const ids of chunks(decided)) {
          await tx.payoutApproval.createMany({
            data: ids.map((payoutId) => ({ id: newId('payoutApproval'), payoutId, runId: record.runId, approverId: record.approverId, decision: record.decision, reason: record.reason ?? null, createdAt: at })),
            skipDuplicates: true,
          });
        }
        for (const ids of chunks(record.approved)) await tx.payout.updateMany({ where: { id: { in: ids }, status: 'awaiting_approval' }, data: { status: 'approved' } });
        const reason = `not approved: ${record.reason ?? 'rejected by an approver'}`;
        for (const ids of chunks(record.rejected)) await tx.payout.updateMany({ where: { id: { in: ids }, status: 'awaiting_approval' }, data: { status: 'rejected', statusReason: reason } });
        await release(tx, record.rejected);
        const closing = { decidedBy: record.approverId, decidedAt: at, decisionReason: record.reason ?? null };
        await closeTasks(tx, record.runId, record.approved, { ...closing, decision: 'approve' });
        await closeTasks(tx, record.runId, record.rejected, { ...closing, decision: 'reject' });
        const audit = { actorType: 'operator' as const, actorId: record.approverId, runId: record.runId, reason: record.reason ?? null };
        await auditPayouts(tx, record.awaitingAnotherApproval, { ...audit, action: 'payout.approval_given', key: `approval:${record.approverId}`, after: { waitingFor: 'another approver' } });
        await auditPayouts(tx, record.approved, { ...audit, action: 'payout.approved', key: 'approved', after: { status: 'approved' } });
        await auditPayouts(tx, record.rejected, { ...audit, action: 'payout.rejected', key: 'rejected', after: { status: 'rejected' } });
      }, LEDGER_TRANSACTION);
    },

    /** onNoApproval "skip": payouts still waiting when the time is up go to the next run. */
    async skipAwaitingPayouts({ runId, payoutIds, waitedHours, at }: { runId: string; payoutIds: string[]; waitedHours: number; at: string }): Promise<void> {
      const reason = `not approved within ${waitedHours} hours: the balance goes to the next payout run`;
      await prisma.$transaction(async (tx) => {
        for (const ids of chunks(payoutIds)) await tx.payout.updateMany({ where: { id: { in: ids }, status: 'awaiting_approval' }, data: { status: 'skipped', statusReason: reason } });
        await release(tx, payoutIds);
        await closeTasks(tx, runId, payoutIds, { decision: null, decisionReason: reason, decidedBy: null, decidedAt: new Date(at) });
        await auditPayouts(tx, payoutIds, { action: 'payout.skipped', actorType: 'system', actorId: runId, runId, reason, key: 'skipped', after: { status: 'skipped' } });
      }, LEDGER_TRANSACTION);
    },

    /** The next approved payouts of the run waiting to be sent (each is sent by its own activity). */
    async listPayoutsToDisburse({ runId, limit }: { runId: string; limit: number }): Promise<string[]> {
      const rows = await prisma.payout.findMany({ where: { runId, status: 'approved' }, orderBy: { id: 'asc' }, take: limit, select: { id: true } });
      return rows.map((row) => row.id);
    },
  };
}

import { ApplicationFailure } from '@temporalio/common';
import type { PayoutRun, PayoutRunStatus, PrismaClient } from '@partnerflow/db';
import {
  cutoffOf,
  latestDuePeriodEnd,
  NonRetryableFailure,
  payoutRunWorkflowId,
  type PayoutApprovalPolicy,
} from '@partnerflow/domain';
import { currentPayoutPolicy, payoutPolicyVersion } from './payout-policy.loader';

/** What the run workflow needs of its run: the rest stays in the database. */
export interface PreparedPayoutRun {
  runId: string;
  programId: string;
  periodEnd: string;
  cutoffAt: string;
  currency: string;
  policyVersion: number;
  status: PayoutRunStatus;
  approval: PayoutApprovalPolicy;
  pendingPollMinutes: number;
}

const dateOnly = (date: string) => new Date(`${date}T00:00:00.000Z`);

/** The run's row, created once (the unique period and the id make a repeat a no-op). */
async function ensureRun(
  prisma: PrismaClient,
  { programId, periodEnd, trigger, now }: { programId: string; periodEnd: string; trigger: 'schedule' | 'manual'; now: number },
): Promise<{ run: PayoutRun; created: boolean }> {
  const id = payoutRunWorkflowId(programId, periodEnd);
  const existing = await prisma.payoutRun.findUnique({ where: { id } });
  if (existing) return { run: existing, created: false };
  const { policy, version } = await currentPayoutPolicy(prisma, programId);
  const { count } = await prisma.payoutRun.createMany({
    data: [
      {
        id,
        programId,
        periodEnd: dateOnly(periodEnd),
        cutoffAt: new Date(Math.min(cutoffOf(periodEnd, policy.timeZone), now)),
        currency: policy.currency,
        policyVersion: version,
        trigger,
      },
    ],
    skipDuplicates: true,
  });
  return { run: await prisma.payoutRun.findUniqueOrThrow({ where: { id } }), created: count === 1 };
}

export function createPayoutRunOpeningActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * A schedule fired: the period whose run is due now under the program's current policy, and
     * its run row. `created: false` when that period has a run already (a catch-up, a retry).
     */
    async openScheduledPayoutRun({ programId, firedAt }: { programId: string; firedAt: string }) {
      const program = await prisma.program.findUnique({ where: { id: programId }, select: { id: true } });
      if (!program) throw ApplicationFailure.nonRetryable(`program ${programId} does not exist`, NonRetryableFailure.NOT_FOUND);
      const { policy } = await currentPayoutPolicy(prisma, programId);
      const periodEnd = latestDuePeriodEnd(policy, Date.parse(firedAt));
      const { run, created } = await ensureRun(prisma, { programId, periodEnd, trigger: 'schedule', now: Date.parse(firedAt) });
      return { runId: run.id, periodEnd, created };
    },

    /** The run as the workflow starts it (the api or the schedule created the row; a run started by hand gets one here). */
    async preparePayoutRun({ programId, periodEnd, startedAt }: { programId: string; periodEnd: string; startedAt: string }): Promise<PreparedPayoutRun> {
      const { run } = await ensureRun(prisma, { programId, periodEnd, trigger: 'manual', now: Date.parse(startedAt) });
      const policy = await payoutPolicyVersion(prisma, programId, run.policyVersion);
      return {
        runId: run.id,
        programId,
        periodEnd,
        cutoffAt: run.cutoffAt.toISOString(),
        currency: run.currency,
        policyVersion: run.policyVersion,
        status: run.status,
        approval: policy.approval,
        pendingPollMinutes: policy.pendingPollMinutes,
      };
    },

    /** Runs only move forward: a retried or late status change never takes one back. */
    async setPayoutRunStatus({ runId, status, at }: { runId: string; status: PayoutRunStatus; at: string }): Promise<void> {
      const order: PayoutRunStatus[] = ['snapshotting', 'awaiting_approval', 'disbursing', 'completed'];
      await prisma.payoutRun.updateMany({
        where: { id: runId, status: { in: order.slice(0, order.indexOf(status)) } },
        data: { status, ...(status === 'completed' ? { completedAt: new Date(at) } : {}) },
      });
    },
  };
}

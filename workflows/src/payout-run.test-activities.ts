import type { Activities, ApproverNotice, DisbursementOutcome, PayoutDecisionRecord, SnapshotBatchRequest } from '@partnerflow/activities';
import { latestDuePeriodEnd, payoutPolicySchema, payoutRunWorkflowId, type PayoutApprovalPolicy } from '@partnerflow/domain';

/**
 * An in-memory double of the payout run's activities, for workflow tests and replay captures: the
 * partners' gate results and their provider's answers are scripted, and it keeps the promises of
 * the real ones — a payout is sent once whatever the retries, a decision or a mark-paid applies
 * only to a payout in the right status. Never registered by the worker.
 */

type Status = 'carried_over' | 'held' | 'awaiting_approval' | 'approved' | 'rejected' | 'skipped' | 'processing' | 'paid' | 'failed' | 'returned';

export interface ScriptedPayout {
  partnerId: string;
  status: 'carried_over' | 'held' | 'awaiting_approval' | 'approved';
  approvalsRequired?: number;
  /** What the provider answers: paid at once, pending until finance marks it (manual), pending until a poll, or a refusal. */
  provider?: 'paid' | 'manual' | 'settles_on_poll' | 'refused';
}

interface FakePayout extends ScriptedPayout {
  id: string;
  current: Status;
}

export function testPayoutActivities(scripts: ScriptedPayout[], approval: Partial<PayoutApprovalPolicy> = {}) {
  const policy = payoutPolicySchema.parse({ approval });
  const payouts = new Map<string, FakePayout>(
    [...scripts].sort((a, b) => a.partnerId.localeCompare(b.partnerId)).map((script) => [`pay_${script.partnerId}`, { ...script, id: `pay_${script.partnerId}`, current: script.status }]),
  );
  const calls = {
    batches: [] as SnapshotBatchRequest[],
    decisions: [] as PayoutDecisionRecord[],
    providerCalls: [] as string[],
    polls: 0,
    notices: [] as string[],
    approverNotices: [] as ApproverNotice[],
    statuses: [] as string[],
    skipped: [] as string[],
    /** The event batches the run handed to their dispatch (each wave's payout events). */
    dispatchBatches: [] as { batchKey: string; eventIds: string[] }[],
  };
  const outcome = (payout: FakePayout): DisbursementOutcome => ({
    payoutId: payout.id,
    outcome: payout.current === 'paid' ? 'paid' : payout.current === 'failed' ? 'failed' : payout.current === 'processing' ? 'pending' : 'not_sent',
    status: payout.current,
  });
  const sorted = () => [...payouts.values()];

  const activities: Partial<Activities> = {
    async preparePayoutRun({ programId, periodEnd }) {
      return { runId: payoutRunWorkflowId(programId, periodEnd), programId, periodEnd, cutoffAt: `${periodEnd}T23:59:59.999Z`, currency: 'EUR', policyVersion: 1, status: 'snapshotting', approval: policy.approval, pendingPollMinutes: policy.pendingPollMinutes };
    },
    async openScheduledPayoutRun({ programId, firedAt }) {
      const periodEnd = latestDuePeriodEnd(policy, Date.parse(firedAt));
      return { runId: payoutRunWorkflowId(programId, periodEnd), periodEnd, created: true };
    },
    async snapshotPayoutBatch(request) {
      calls.batches.push(request);
      const batch = sorted().filter((p) => request.afterPartnerId === null || p.partnerId > request.afterPartnerId).slice(0, request.limit);
      const counts: Record<string, number> = {};
      for (const p of batch) counts[p.status] = (counts[p.status] ?? 0) + 1;
      return {
        lastPartnerId: batch.at(-1)?.partnerId ?? null,
        counts,
        awaiting: batch.filter((p) => p.status === 'awaiting_approval').map((p) => ({ payoutId: p.id, approvalsRequired: p.approvalsRequired ?? 1 })),
        noticeIds: batch.filter((p) => p.status === 'carried_over' || p.status === 'held').map((p) => p.id),
      };
    },
    async recordPayoutDecisions(record) {
      calls.decisions.push(record);
      for (const id of record.approved) if (payouts.get(id)?.current === 'awaiting_approval') payouts.get(id)!.current = 'approved';
      for (const id of record.rejected) if (payouts.get(id)?.current === 'awaiting_approval') payouts.get(id)!.current = 'rejected';
    },
    async skipAwaitingPayouts({ payoutIds }) {
      calls.skipped.push(...payoutIds);
      for (const id of payoutIds) if (payouts.get(id)?.current === 'awaiting_approval') payouts.get(id)!.current = 'skipped';
    },
    async listPayoutsToDisburse({ limit }) {
      return sorted().filter((p) => p.current === 'approved').slice(0, limit).map((p) => p.id);
    },
    async disbursePayout({ payoutId, eventsDispatchedBy }) {
      const payout = payouts.get(payoutId)!;
      if (payout.current !== 'approved') return outcome(payout);
      calls.providerCalls.push(payoutId);
      const answer = payout.provider ?? 'paid';
      payout.current = answer === 'paid' ? 'paid' : answer === 'refused' ? 'failed' : 'processing';
      const settled = payout.current === 'paid' || payout.current === 'failed';
      return eventsDispatchedBy === 'run' && settled ? { ...outcome(payout), eventIds: [`evt_${payoutId}`] } : outcome(payout);
    },
    async dispatchDomainEventBatch(batch) {
      calls.dispatchBatches.push(batch);
      return { started: true };
    },
    async pollPendingPayouts() {
      calls.polls += 1;
      const settled = sorted().filter((p) => p.current === 'processing' && p.provider === 'settles_on_poll');
      for (const payout of settled) payout.current = 'paid';
      return { settled: settled.map(outcome), stillPending: sorted().filter((p) => p.current === 'processing').length };
    },
    async settlePayoutManually({ payoutId }) {
      const payout = payouts.get(payoutId)!;
      if (payout.current !== 'processing') return { payoutId, outcome: 'not_pending', status: payout.current };
      payout.current = 'paid';
      return { payoutId, outcome: 'paid', status: 'paid' };
    },
    async failPayout({ payoutId }) {
      payouts.get(payoutId)!.current = 'failed';
      return outcome(payouts.get(payoutId)!);
    },
    async recordPayoutReturn({ payoutId }) {
      const payout = payouts.get(payoutId)!;
      const returned = payout.current === 'paid';
      if (returned) payout.current = 'returned';
      return { returned, status: payout.current };
    },
    async notifyPayouts({ payoutIds }) {
      calls.notices.push(...payoutIds.map((id) => `${id}:${payouts.get(id)!.current}`));
      return { notified: payoutIds.length, failed: 0 };
    },
    async notifyApprovers(notice) {
      calls.approverNotices.push(notice);
      return { sent: true };
    },
    async setPayoutRunStatus({ status }) {
      calls.statuses.push(status);
    },
  };
  return { activities, calls, payouts, statusOf: (partnerId: string) => payouts.get(`pay_${partnerId}`)?.current };
}

export type TestPayoutActivities = ReturnType<typeof testPayoutActivities>;

import { ApplicationFailure } from '@temporalio/common';
import type {
  Activities,
  CommissionReviewDecisionRecord,
  OperatorEmailRequest,
  PartnerEmailRequest,
  RecordedCommission,
  ReleaseRequest,
} from '@partnerflow/activities';
import type { CommissionReviewExpiry } from '@partnerflow/domain';

/**
 * An in-memory stand-in for the commission activities, for workflow tests, replay captures and
 * the benchmark: conversions are scripted (a sale creating commissions, a refund reversing some),
 * and it keeps the same promises as the real ones — a repeated call answers the first result, a
 * release approves only what is pending and not in review. Never registered by the worker.
 */

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface ReviewScript {
  reminderHours?: number;
  expireAfterHours?: number;
  onExpiry?: CommissionReviewExpiry;
}
type Script = { kind: 'sale'; commissionIds: string[]; holdDays: number; review?: ReviewScript } | { kind: 'refund'; of: string[]; full: boolean };

interface FakeCommission {
  id: string;
  status: 'pending' | 'approved' | 'rejected' | 'reversed';
  inReview: boolean;
  recorded: RecordedCommission;
}

export function testLedger(options: { reviewers?: string[] } = {}) {
  const scripts = new Map<string, Script>();
  const commissions = new Map<string, FakeCommission>();
  const calls = {
    recorded: [] as string[],
    releases: [] as ReleaseRequest[],
    decisions: [] as CommissionReviewDecisionRecord[],
    reminders: [] as { commissionId: string; at: string; nextAt: string }[],
    expired: [] as string[],
    partnerEmails: [] as PartnerEmailRequest[],
    operatorEmails: [] as OperatorEmailRequest[],
  };
  /** Set by a test to hold the next releases until it resolves. */
  const gates: { release?: Promise<void> } = {};
  const view = (commission: FakeCommission): RecordedCommission => ({
    ...commission.recorded,
    status: commission.status,
    review: commission.inReview ? commission.recorded.review : null,
  });

  function create(id: string, asOf: string, holdDays: number, review?: ReviewScript): FakeCommission {
    const at = Date.parse(asOf);
    const reminderHours = review?.reminderHours ?? 24;
    const recorded: RecordedCommission = {
      commissionId: id,
      status: 'pending',
      holdUntil: iso(at + holdDays * 24 * HOUR_MS),
      flagged: review !== undefined,
      amount: '10.00 EUR',
      review: review
        ? {
            taskId: `tsk_${id}`,
            openedAt: asOf,
            reminderHours,
            expiresAt: review.expireAfterHours === undefined ? null : iso(at + review.expireAfterHours * HOUR_MS),
            onExpiry: review.onExpiry ?? 'keep_waiting',
            reasons: 'converted 3 s after the click',
          }
        : null,
    };
    return { id, status: 'pending', inReview: review !== undefined, recorded };
  }

  const activities: Partial<Activities> = {
    recordCommissionsForConversion: async ({ conversionId, asOf }) => {
      calls.recorded.push(conversionId);
      const script = scripts.get(conversionId);
      if (!script) throw ApplicationFailure.nonRetryable(`conversion ${conversionId} does not exist`, 'NotFoundError');
      if (script.kind === 'sale') {
        for (const id of script.commissionIds) if (!commissions.has(id)) commissions.set(id, create(id, asOf, script.holdDays, script.review));
        const created = script.commissionIds.map((id) => view(commissions.get(id)!));
        return { conversionId, outcome: 'created', note: `${created.length} commission(s)`, created, reversed: [] };
      }
      const reversed = script.of.flatMap((id) => {
        const commission = commissions.get(id);
        if (!commission || (commission.status !== 'pending' && commission.status !== 'approved')) return [];
        const account = commission.status;
        if (script.full) commission.status = 'reversed';
        if (script.full) commission.inReview = false;
        const status = commission.status;
        return [{ commissionId: id, amountMinor: script.full ? '-1000' : '-500', currency: 'EUR', account, status, fullyReversed: status === 'reversed', absorbed: false }];
      });
      return { conversionId, outcome: reversed.length ? 'reversed' : 'nothing_to_do', note: `${reversed.length} reversed`, created: [], reversed };
    },
    approveDueCommissions: async (request) => {
      await gates.release;
      calls.releases.push(request);
      let approvedCount = 0;
      const notApproved: { commissionId: string; status: string }[] = [];
      for (const id of request.commissionIds) {
        const commission = commissions.get(id);
        if (commission?.status === 'pending' && !commission.inReview) {
          commission.status = 'approved';
          approvedCount += 1;
        } else {
          notApproved.push({ commissionId: id, status: commission?.inReview ? 'in_review' : (commission?.status ?? 'missing') });
        }
      }
      return { approvedCount, approvedTotals: approvedCount ? [{ currency: 'EUR', amountMinor: String(approvedCount * 1000) }] : [], notApproved };
    },
    decideCommissionReview: async (record) => {
      calls.decisions.push(record);
      const commission = commissions.get(record.commissionId);
      if (!commission || commission.status !== 'pending') return { outcome: 'not_pending', status: commission?.status ?? 'missing', amount: null, currency: null, amountMinor: null };
      commission.status = record.decision === 'approve' ? 'approved' : 'rejected';
      commission.inReview = false;
      return { outcome: record.decision === 'approve' ? 'approved' : 'rejected', status: commission.status, amount: '10.00 EUR', currency: 'EUR', amountMinor: '1000' };
    },
    recordCommissionReviewReminders: async ({ reminders }) => {
      calls.reminders.push(...reminders);
      return { recorded: reminders.length };
    },
    recordCommissionReviewExpired: async ({ commissionIds }) => {
      calls.expired.push(...commissionIds);
      return { recorded: commissionIds.length };
    },
    loadCommissionReviewers: async () => ({ recipients: options.reviewers ?? ['reviewer@acme.test'], source: 'review.reviewerEmails of screening config version 1' }),
    sendPartnerEmail: async (request) => {
      calls.partnerEmails.push(request);
      return { messageId: `msg_${request.step}`, smtpMessageId: null, alreadySent: false };
    },
    sendOperatorEmail: async (request) => {
      calls.operatorEmails.push(request);
      return { messageId: `msg_${request.step}`, smtpMessageId: null, alreadySent: false };
    },
  };

  return {
    calls,
    gates,
    activities: activities as Activities,
    statusOf: (commissionId: string) => commissions.get(commissionId)?.status,
    /** A commissionable conversion creating `commissionIds` (default `com_<conversionId>`), held `holdDays` from when it is processed. */
    sale(conversionId: string, script: { commissionIds?: string[]; holdDays?: number; review?: ReviewScript } = {}) {
      scripts.set(conversionId, { kind: 'sale', commissionIds: script.commissionIds ?? [`com_${conversionId}`], holdDays: script.holdDays ?? 30, review: script.review });
    },
    /** A refund or chargeback taking back all (or half) of the commissions `of`. */
    refund(conversionId: string, of: string[], full = true) {
      scripts.set(conversionId, { kind: 'refund', of, full });
    },
  };
}

export type TestLedger = ReturnType<typeof testLedger>;

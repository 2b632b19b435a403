import { z } from 'zod';

/**
 * The approval step of a payout run, as the run workflow keeps it: which payouts wait, how many
 * approvals each needs and who gave them. Pure, so the workflow's update validator can refuse a
 * request (same approver twice, nothing waiting) before anything is written or recorded.
 */

export const payoutDecisionRequestSchema = z
  .object({
    payoutIds: z.array(z.string().min(1).max(64)).min(1).max(20_000).optional(),
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().min(1).max(2000).optional(),
    approverId: z.string().min(1).max(128),
  })
  .strict();
export type PayoutDecisionRequest = z.infer<typeof payoutDecisionRequestSchema>;

export interface AwaitingPayout {
  payoutId: string;
  approvalsRequired: number;
  approvedBy: string[];
}

export type ApprovalCheck = { ok: true; targets: AwaitingPayout[] } | { ok: false; problem: string };

const listed = (ids: string[]) => (ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`);

/**
 * Which waiting payouts a decision applies to, or why it is refused: a payout named that is not
 * waiting, an approver approving the same payout a second time (the second approval must be
 * someone else's), a rejection without a reason. Without `payoutIds` it applies to every waiting
 * payout this approver has not approved yet.
 */
export function checkPayoutDecision(awaiting: ReadonlyMap<string, AwaitingPayout>, request: PayoutDecisionRequest): ApprovalCheck {
  if (request.decision === 'reject' && !request.reason) return { ok: false, problem: 'a rejection needs a reason' };
  if (request.payoutIds) {
    const ids = [...new Set(request.payoutIds)];
    const notWaiting = ids.filter((id) => !awaiting.has(id));
    if (notWaiting.length > 0) return { ok: false, problem: `not waiting for approval in this run: ${listed(notWaiting)}` };
    const targets = ids.map((id) => awaiting.get(id) as AwaitingPayout);
    const twice = targets.filter((payout) => payout.approvedBy.includes(request.approverId));
    if (twice.length > 0) {
      return { ok: false, problem: `you already approved ${listed(twice.map((p) => p.payoutId))}: the other approval must come from someone else` };
    }
    return { ok: true, targets };
  }
  if (awaiting.size === 0) return { ok: false, problem: 'no payout of this run is waiting for approval' };
  const targets = [...awaiting.values()].filter((payout) => !payout.approvedBy.includes(request.approverId));
  if (targets.length === 0) return { ok: false, problem: 'you already approved every payout waiting: the other approvals must come from someone else' };
  return { ok: true, targets };
}

export interface PayoutDecisionOutcome {
  /** Fully approved now: they go to disbursement. */
  approved: string[];
  /** Approved by this approver, still waiting for another. */
  awaitingAnotherApproval: string[];
  rejected: string[];
}

/** Applies a checked decision to the waiting payouts; those approved or rejected leave `awaiting`. */
export function applyPayoutDecision(awaiting: Map<string, AwaitingPayout>, targets: AwaitingPayout[], request: PayoutDecisionRequest): PayoutDecisionOutcome {
  const outcome: PayoutDecisionOutcome = { approved: [], awaitingAnotherApproval: [], rejected: [] };
  for (const target of targets) {
    if (request.decision === 'reject') {
      awaiting.delete(target.payoutId);
      outcome.rejected.push(target.payoutId);
      continue;
    }
    target.approvedBy.push(request.approverId);
    if (target.approvedBy.length >= target.approvalsRequired) {
      awaiting.delete(target.payoutId);
      outcome.approved.push(target.payoutId);
    } else {
      outcome.awaitingAnotherApproval.push(target.payoutId);
    }
  }
  return outcome;
}

import type { PayoutRun } from '@partnerflow/db';
import { localDate, nextScheduledRun, taxDocumentRequest, type DomainEventInput, type PayoutCandidate, type PayoutDecision, type PayoutPolicy } from '@partnerflow/domain';
import { documentRequiredEvent } from '../events/payout-events';

/** A payout a snapshot batch decides, with the facts its gates saw. */
export interface DecidedPayout {
  payoutId: string;
  partnerId: string;
  amountMinor: bigint;
  candidate: PayoutCandidate;
  decision: PayoutDecision;
}

/**
 * A `document.required` for each payout the tax gate holds (KYC/tax row of seed 003's trigger
 * table), due by the next scheduled run. Only for payouts the batch decides now: a retried batch
 * whose first attempt committed recorded them then.
 */
export function documentRequests(
  { run, policy, asOf }: { run: Pick<PayoutRun, 'id' | 'programId' | 'currency' | 'periodEnd'>; policy: PayoutPolicy; asOf: Date },
  decided: DecidedPayout[],
): DomainEventInput[] {
  const held = decided.filter((each) => each.decision.status === 'held' && each.decision.gates.tax.outcome === 'failed');
  if (held.length === 0) return [];
  const dueDate = localDate(nextScheduledRun(policy, asOf.getTime()).runAt, policy.timeZone);
  const periodEnd = run.periodEnd.toISOString().slice(0, 10);
  return held.flatMap(({ payoutId, partnerId, amountMinor, candidate, decision }) => {
    const request = taxDocumentRequest(candidate.partner.country, candidate.taxProfile, asOf);
    if (!request) return [];
    const payout = { id: payoutId, runId: run.id, programId: run.programId, partnerId, amountMinor, currency: run.currency, statusReason: decision.statusReason };
    return [documentRequiredEvent(payout, { ...request, periodEnd, dueDate, at: asOf })];
  });
}

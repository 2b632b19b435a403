import type { Payout } from '@partnerflow/db';
import { domainEventKey, formatAmount, type DomainEventInput, type DomainEventName } from '@partnerflow/domain';

/**
 * The payout domain events, built where the payout's status and ledger entries are written
 * (payouts/payout-ledger.ts), for the same transaction. A payout is paid, fails or comes back at
 * most once, so its id is the business key of each (`payout.paid:pay_…`). Amount and currency are
 * flat decimal text here: what the notification rules' payout templates show ({{amount}} {{currency}}).
 */
function payoutEvent(name: DomainEventName, payout: Payout, at: Date, data: Record<string, unknown>): DomainEventInput {
  return {
    name,
    programId: payout.programId,
    partnerId: payout.partnerId,
    subject: { type: 'payout', id: payout.id },
    data: { payoutId: payout.id, runId: payout.runId, amount: formatAmount(payout.amountMinor, payout.currency), currency: payout.currency, provider: payout.provider, ...data },
    occurredAt: at,
    idempotencyKey: domainEventKey(name, payout.id),
  };
}

/** `reference`: what the partner finds on the payment (the provider's reference, else the payout id). */
export const payoutPaidEvent = (payout: Payout, paid: { providerReference: string | null; at: Date }): DomainEventInput =>
  payoutEvent('payout.paid', payout, paid.at, { providerReference: paid.providerReference, reference: paid.providerReference ?? payout.id, paidAt: paid.at.toISOString() });

export const payoutFailedEvent = (payout: Payout, failed: { reason: string; providerStatus: string; at: Date }): DomainEventInput =>
  payoutEvent('payout.failed', payout, failed.at, { reason: failed.reason, providerStatus: failed.providerStatus });

/** The money of a paid payout came back: it is on the approved balance again, for the next run. */
export const payoutReturnedEvent = (payout: Payout, returned: { reason: string; at: Date }): DomainEventInput =>
  payoutEvent('payout.returned', payout, returned.at, { reason: returned.reason, providerReference: payout.providerReference, returnedAt: returned.at.toISOString() });

/**
 * `document.required` for a payout the tax gate holds: which form the partner must submit, why,
 * the payout waiting for it and the next scheduled run (`dueDate`: provided by then, it goes out
 * with that run). Keyed by the payout (one held payout, one request); the partner's only notice
 * of the hold — the run's own "action needed" email is not sent for it.
 */
export function documentRequiredEvent(
  payout: Pick<Payout, 'id' | 'runId' | 'programId' | 'partnerId' | 'amountMinor' | 'currency' | 'statusReason'>,
  request: { document: string; problem: string; periodEnd: string; dueDate: string; at: Date },
): DomainEventInput {
  const amount = `${formatAmount(payout.amountMinor, payout.currency)} ${payout.currency}`;
  return {
    name: 'document.required',
    programId: payout.programId,
    partnerId: payout.partnerId,
    subject: { type: 'payout', id: payout.id },
    data: {
      requirement: 'tax_form',
      document: request.document,
      problem: request.problem,
      details: `Your payout of ${amount} for the period up to ${request.periodEnd} is on hold: ${payout.statusReason ?? request.problem}.`,
      dueDate: request.dueDate,
      payoutId: payout.id,
      runId: payout.runId,
      amount: formatAmount(payout.amountMinor, payout.currency),
      currency: payout.currency,
    },
    occurredAt: request.at,
    idempotencyKey: domainEventKey('document.required', payout.id),
  };
}

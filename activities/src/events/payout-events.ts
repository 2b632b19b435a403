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

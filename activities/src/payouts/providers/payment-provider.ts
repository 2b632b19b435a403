/**
 * The contract every payout disbursement goes through (issue 6). The payout-run workflow calls one provider per
 * payout, always with the payout id as the idempotency key, so a retried or replayed activity never pays twice.
 *
 * Error contract:
 * - retryable trouble (timeouts, 5xx, network) is THROWN as a plain Error, so Temporal retries the activity and
 *   the provider is asked again with the same idempotency key;
 * - a definitive refusal by the provider (invalid account, insufficient funds, missing credentials, ...) is
 *   RETURNED as `{ outcome: 'failed', reason }` — the run puts the amount back on the partner's balance.
 * - a bug in the request itself (no usable method details) is also `failed`, never thrown: retrying can't fix it.
 */
export type PaymentProviderName = 'manual' | 'bank-file' | 'paypal' | 'stripe';

export type PayoutMethodType = 'manual' | 'bank_transfer' | 'paypal' | 'stripe';

export interface DisbursementRequest {
  /** Also the idempotency key at the provider (Stripe `Idempotency-Key`, PayPal `sender_batch_id`). */
  payoutId: string;
  programId: string;
  /** The payout run; the bank-file provider names the file the payout goes into after it. */
  runId?: string;
  partnerId: string;
  /** Positive amount in minor units of `currency`. */
  amountMinor: bigint;
  /** ISO 4217, upper case. */
  currency: string;
  method: { type: PayoutMethodType; details: Record<string, unknown> };
  partner: { name: string; email: string; country: string };
}

export interface DisbursementResult {
  /** `pending`: accepted, money not yet confirmed (poll `checkStatus`, or finance marks it paid). */
  outcome: 'paid' | 'pending' | 'failed';
  /** The provider's id for this disbursement (Stripe transfer id, PayPal payout batch id, bank file name). */
  providerReference?: string;
  /** The provider's own status word, shown to finance as is. */
  providerStatus: string;
  /** Why it failed, in the provider's words; set when `outcome` is `failed`. */
  reason?: string;
  /**
   * Set on `pending` when the provider settles by itself (PayPal): ask `checkStatus` again after this long.
   * Absent on `pending` when a person completes it (manual, bank-file: finance marks it paid).
   */
  recheckAfterSeconds?: number;
}

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  disburse(req: DisbursementRequest): Promise<DisbursementResult>;
  checkStatus(req: DisbursementRequest, providerReference: string): Promise<DisbursementResult>;
}

/** Which provider pays a payout method type. */
export const PROVIDER_FOR_METHOD: Record<PayoutMethodType, PaymentProviderName> = {
  manual: 'manual',
  bank_transfer: 'bank-file',
  paypal: 'paypal',
  stripe: 'stripe',
};

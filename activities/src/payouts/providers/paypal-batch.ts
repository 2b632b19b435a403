import { currencyExponent, formatAmount } from '@partnerflow/domain';
import type { DisbursementResult } from './payment-provider';

/** The parts of a PayPal payout batch (POST and GET /v1/payments/payouts) that decide the payout's outcome. */
export interface PayPalBatch {
  batch_header?: { payout_batch_id?: string; batch_status?: string };
  items?: { transaction_status?: string; errors?: { name?: string; message?: string } }[];
}

const PAID = new Set(['SUCCESS']);
const FAILED = new Set(['FAILED', 'RETURNED', 'BLOCKED', 'REFUNDED', 'REVERSED', 'DENIED', 'CANCELED']);
/** Statuses that take days (an unclaimed payout returns after 30), not minutes. */
const SLOW = new Set(['UNCLAIMED', 'ONHOLD']);

/** The item's transaction status decides once PayPal has one; until then the batch's status does. */
export function fromBatch(batch: PayPalBatch | undefined): DisbursementResult {
  const providerReference = batch?.batch_header?.payout_batch_id;
  const item = batch?.items?.[0];
  const status = item?.transaction_status ?? batch?.batch_header?.batch_status ?? 'UNKNOWN';
  const reference = providerReference ? { providerReference } : {};
  if (PAID.has(status) && item) return { outcome: 'paid', providerStatus: status, ...reference };
  if (FAILED.has(status)) {
    const reason = item?.errors?.message ?? item?.errors?.name ?? `PayPal reports the payout ${status.toLowerCase()}`;
    return { outcome: 'failed', providerStatus: status, reason: `PayPal: ${reason}`, ...reference };
  }
  return { outcome: 'pending', providerStatus: status, recheckAfterSeconds: SLOW.has(status) ? 86_400 : 300, ...reference };
}

/**
 * The amount as PayPal's decimal string. PayPal takes no decimals for HUF and TWD, though ISO gives them two:
 * such amounts must be whole.
 */
export function paypalValue(amountMinor: bigint, currency: string): { text: string; problem?: string } {
  const code = currency.toUpperCase();
  if (amountMinor <= 0n) return { text: '', problem: 'the amount must be positive' };
  if ((code === 'HUF' || code === 'TWD') && currencyExponent(code) === 2) {
    if (amountMinor % 100n !== 0n) return { text: '', problem: `PayPal pays ${code} in whole units only` };
    return { text: (amountMinor / 100n).toString() };
  }
  return { text: formatAmount(amountMinor, code) };
}

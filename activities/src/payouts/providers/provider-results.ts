import type { DisbursementResult } from './payment-provider';

/**
 * Thrown for trouble worth retrying (timeouts, 5xx, network): Temporal retries the activity, and the provider
 * is asked again with the same idempotency key, so a request that did get through is not paid twice.
 */
export class ProviderUnavailableError extends Error {
  constructor(provider: string, detail: string, options?: { cause?: unknown }) {
    super(`${provider} is unavailable, will retry with the same idempotency key: ${detail}`, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** A definitive no: the amount goes back on the partner's balance with this reason. */
export function refused(providerStatus: string, reason: string, providerReference?: string): DisbursementResult {
  return { outcome: 'failed', providerStatus, reason, ...(providerReference ? { providerReference } : {}) };
}

/** A provider whose credentials are not set refuses every payout with the variables to set (nothing is sent). */
export function notConfigured(provider: string, variables: string[]): DisbursementResult {
  return refused('not_configured', `${provider} payouts are not configured: set ${variables.join(' and ')}`);
}

/** The method's stored details do not fit the provider (a retry cannot fix that). */
export function invalidDetails(provider: string, problem: string): DisbursementResult {
  return refused('invalid_details', `the ${provider} payout method is incomplete: ${problem}`);
}

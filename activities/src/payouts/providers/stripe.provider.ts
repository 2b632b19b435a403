import { currencyExponent, stripePayoutDetailsSchema } from '@partnerflow/domain';
import Stripe from 'stripe';
import type { DisbursementRequest, DisbursementResult, PaymentProvider } from './payment-provider';
import { invalidDetails, notConfigured, ProviderUnavailableError, refused } from './provider-results';

export interface StripeProviderOptions {
  apiKey?: string;
  /** https://api.stripe.com, or a double's address in tests. */
  apiBase: string;
  timeoutMs?: number;
}

/**
 * Stripe Connect transfers from the platform balance to the partner's connected account, through the official
 * SDK. The payout id is the Idempotency-Key (Stripe replays the first answer for it) and the transfer_group, so a
 * transfer made under that key can also be found again. A created transfer has moved the money: it is `paid`.
 */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly stripe?: Stripe;

  constructor(options: StripeProviderOptions) {
    if (!options.apiKey) return;
    const base = new URL(options.apiBase);
    const protocol = base.protocol === 'http:' ? 'http' : 'https';
    this.stripe = new Stripe(options.apiKey, {
      host: base.hostname,
      port: base.port || (protocol === 'http' ? 80 : 443),
      protocol,
      timeout: options.timeoutMs ?? 30_000,
      // Temporal retries the activity (with the same idempotency key); SDK retries would hide the attempts.
      maxNetworkRetries: 0,
      telemetry: false,
    });
  }

  async disburse(request: DisbursementRequest): Promise<DisbursementResult> {
    if (!this.stripe) return notConfigured('Stripe', ['STRIPE_API_KEY']);
    const details = stripePayoutDetailsSchema.safeParse(request.method.details);
    if (!details.success) return invalidDetails('Stripe', details.error.issues.map((issue) => issue.message).join('; '));
    const amount = stripeAmount(request.amountMinor, request.currency);
    if (typeof amount === 'string') return refused('invalid_amount', amount);
    try {
      const transfer = await this.stripe.transfers.create(
        {
          amount,
          currency: request.currency.toLowerCase(),
          destination: details.data.accountId,
          transfer_group: request.payoutId,
          description: `Partnerflow payout ${request.payoutId}`,
          metadata: { payoutId: request.payoutId, programId: request.programId, partnerId: request.partnerId },
        },
        { idempotencyKey: request.payoutId },
      );
      return fromTransfer(transfer);
    } catch (error) {
      // Same key with other parameters: whatever was sent first under it stands; find it by its transfer group.
      if (error instanceof Stripe.errors.StripeIdempotencyError && error.statusCode === 400) return this.findTransfer(request, error);
      return refusedOrThrown(error);
    }
  }

  async checkStatus(_request: DisbursementRequest, providerReference: string): Promise<DisbursementResult> {
    if (!this.stripe) return notConfigured('Stripe', ['STRIPE_API_KEY']);
    try {
      return fromTransfer(await this.stripe.transfers.retrieve(providerReference));
    } catch (error) {
      return refusedOrThrown(error);
    }
  }

  private async findTransfer(request: DisbursementRequest, conflict: Stripe.errors.StripeError): Promise<DisbursementResult> {
    try {
      const found = await this.stripe!.transfers.list({ transfer_group: request.payoutId, limit: 1 });
      return found.data[0] ? fromTransfer(found.data[0]) : refused(conflict.code ?? 'idempotency_error', conflict.message);
    } catch (error) {
      return refusedOrThrown(error);
    }
  }
}

function fromTransfer(transfer: Stripe.Transfer): DisbursementResult {
  if (transfer.reversed) return refused('reversed', 'the transfer was reversed on Stripe', transfer.id);
  return { outcome: 'paid', providerReference: transfer.id, providerStatus: transfer.amount_reversed > 0 ? 'partially_reversed' : 'paid' };
}

/** 5xx, 429, 409 (the same key in flight) and network trouble are retried; any other Stripe error is its answer. */
function refusedOrThrown(error: unknown): DisbursementResult {
  if (!(error instanceof Stripe.errors.StripeError)) throw error;
  const status = error.statusCode;
  if (status === undefined || status >= 500 || status === 429 || status === 409) {
    throw new ProviderUnavailableError('Stripe', `${status ?? error.type}: ${error.message}`, { cause: error });
  }
  return refused(error.code ?? error.type, `Stripe: ${error.message}`);
}

/**
 * Stripe counts most currencies in ISO minor units, with exceptions where its unit differs from ISO 4217:
 * ISK is two-decimal at Stripe (ISO: none), MGA zero-decimal at Stripe (ISO: two).
 */
function stripeAmount(amountMinor: bigint, currency: string): number | string {
  const code = currency.toUpperCase();
  let amount = amountMinor;
  if (code === 'ISK' && currencyExponent(code) === 0) amount *= 100n;
  if (code === 'MGA' && currencyExponent(code) === 2) {
    if (amount % 100n !== 0n) return 'Stripe pays MGA in whole ariary only';
    amount /= 100n;
  }
  if (amount <= 0n) return 'the amount must be positive';
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) return 'the amount is larger than Stripe accepts';
  return Number(amount);
}

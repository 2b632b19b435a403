import { formatAmount, paypalPayoutDetailsSchema } from '@partnerflow/domain';
import { core, payouts, type PayPalHttpError } from '@paypal/payouts-sdk';
import type { DisbursementRequest, DisbursementResult, PaymentProvider } from './payment-provider';
import { fromBatch, paypalValue, type PayPalBatch } from './paypal-batch';
import { invalidDetails, notConfigured, ProviderUnavailableError, refused } from './provider-results';

export interface PayPalProviderOptions {
  clientId?: string;
  clientSecret?: string;
  /** https://api-m.paypal.com, the sandbox, or a double's address in tests. */
  apiBase: string;
  timeoutMs?: number;
}

/** The SDK's client with our timeout (its own is a fixed 30 s). */
class TimedPayPalHttpClient extends core.PayPalHttpClient {
  constructor(
    environment: core.PayPalEnvironment,
    private readonly timeoutMs: number,
  ) {
    super(environment);
  }

  override getTimeout(): number {
    return this.timeoutMs;
  }
}

/**
 * PayPal Payouts through the official SDK: one batch per payout, whose sender_batch_id (and the item's
 * sender_item_id) is the payout id. PayPal refuses a second batch with the same sender_batch_id and links the
 * first one; that answer is read back and reported as the first batch's status, so a retry never pays twice.
 */
export class PayPalProvider implements PaymentProvider {
  readonly name = 'paypal' as const;
  private readonly client?: TimedPayPalHttpClient;

  constructor(options: PayPalProviderOptions) {
    if (!options.clientId || !options.clientSecret) return;
    const base = options.apiBase.replace(/\/+$/, '');
    this.client = new TimedPayPalHttpClient(new core.PayPalEnvironment(options.clientId, options.clientSecret, base, base), options.timeoutMs ?? 30_000);
  }

  async disburse(request: DisbursementRequest): Promise<DisbursementResult> {
    if (!this.client) return notConfigured('PayPal', ['PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET']);
    const details = paypalPayoutDetailsSchema.safeParse(request.method.details);
    if (!details.success) return invalidDetails('PayPal', details.error.issues.map((issue) => issue.message).join('; '));
    const value = paypalValue(request.amountMinor, request.currency);
    if (value.problem) return refused('invalid_amount', value.problem);
    const body = {
      sender_batch_header: {
        sender_batch_id: request.payoutId,
        recipient_type: 'EMAIL',
        email_subject: 'You have a payout',
        email_message: `Your partner payout ${formatAmount(request.amountMinor, request.currency)} ${request.currency} has been sent.`,
      },
      items: [
        {
          recipient_type: 'EMAIL',
          amount: { value: value.text, currency: request.currency.toUpperCase() },
          receiver: details.data.email,
          note: `Partnerflow payout ${request.payoutId}`,
          sender_item_id: request.payoutId,
        },
      ],
    };
    try {
      const response = await this.client.execute<PayPalBatch>(new payouts.PayoutsPostRequest().requestBody(body));
      return fromBatch(response.result);
    } catch (error) {
      const answer = paypalError(error);
      if (answer.duplicate) return this.readBack(this.client, answer.linkedBatchId);
      return refusedOrThrown(error, answer);
    }
  }

  async checkStatus(_request: DisbursementRequest, providerReference: string): Promise<DisbursementResult> {
    if (!this.client) return notConfigured('PayPal', ['PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET']);
    return this.batchStatus(this.client, providerReference);
  }

  private async batchStatus(client: TimedPayPalHttpClient, batchId: string): Promise<DisbursementResult> {
    try {
      const result = fromBatch((await client.execute<PayPalBatch>(new payouts.PayoutsGetRequest(batchId))).result);
      return { ...result, providerReference: result.providerReference ?? batchId };
    } catch (error) {
      return refusedOrThrown(error, paypalError(error));
    }
  }

  /** The batch PayPal made for this sender_batch_id the first time; without its link only a person can look it up. */
  private readBack(client: TimedPayPalHttpClient, batchId: string | undefined): Promise<DisbursementResult> {
    if (!batchId) {
      return Promise.resolve({
        outcome: 'pending',
        providerStatus: 'DUPLICATE',
        reason: 'PayPal already has a batch for this payout but did not link it: look it up in PayPal',
      });
    }
    return this.batchStatus(client, batchId);
  }
}

interface PayPalErrorAnswer {
  name?: string;
  message?: string;
  details?: { field?: string; issue?: string }[];
  duplicate: boolean;
  linkedBatchId?: string;
}

/** PayPal errors carry a JSON body as the error message; a duplicate names SENDER_BATCH_ID and links the batch. */
function paypalError(error: unknown): PayPalErrorAnswer {
  const statusCode = (error as Partial<PayPalHttpError>).statusCode;
  if (typeof statusCode !== 'number') return { duplicate: false };
  let body: Omit<PayPalErrorAnswer, 'duplicate'> & { links?: { href?: string; rel?: string }[] } = {};
  try {
    body = JSON.parse((error as Error).message) as typeof body;
  } catch {
    // not JSON: an HTML error page from a proxy, kept as the message
  }
  const duplicate =
    body.name === 'DUPLICATE_REQUEST_ID' ||
    (body.details ?? []).some((detail) => /sender_batch_id/i.test(detail.field ?? '') && /duplicate|already/i.test(detail.issue ?? ''));
  const link = (body.links ?? []).map((entry) => /\/v1\/payments\/payouts\/([^/?#]+)/.exec(entry.href ?? '')).find(Boolean);
  return { ...body, duplicate, linkedBatchId: link ? decodeURIComponent(link[1]) : undefined };
}

function refusedOrThrown(error: unknown, answer: PayPalErrorAnswer): DisbursementResult {
  const statusCode = (error as Partial<PayPalHttpError>).statusCode;
  // No status: a timeout or a network error. 5xx and 429: PayPal says to retry with the same sender_batch_id.
  if (typeof statusCode !== 'number' || statusCode >= 500 || statusCode === 429) {
    throw new ProviderUnavailableError('PayPal', `${statusCode ?? ''} ${(error as Error).message}`.trim(), { cause: error });
  }
  const issues = (answer.details ?? []).map((detail) => [detail.field, detail.issue].filter(Boolean).join(': ')).filter(Boolean);
  const reason = [answer.message ?? `HTTP ${statusCode}`, ...issues].join(' — ');
  return refused(answer.name ?? `HTTP_${statusCode}`, `PayPal: ${reason}`);
}

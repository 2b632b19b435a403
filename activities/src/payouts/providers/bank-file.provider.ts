import { bankFileNameFor, bankTransferDetailsSchema, isSepaTransfer } from '@partnerflow/domain';
import type { DisbursementRequest, DisbursementResult, PaymentProvider } from './payment-provider';
import { invalidDetails, refused } from './provider-results';

/**
 * Bank transfers go out as files finance uploads to the bank (GET /v1/payout-runs/:runId/bank-files): EUR to SEPA
 * IBANs in the run's pain.001 file, everything else in a CSV batch. Disbursing checks the account now — a bad
 * IBAN fails here with its reason instead of bouncing at the bank — and leaves the payout pending until finance
 * marks it paid. The reference is the file the payout goes into.
 */
export class BankFileProvider implements PaymentProvider {
  readonly name = 'bank-file' as const;

  disburse(request: DisbursementRequest): Promise<DisbursementResult> {
    return Promise.resolve(this.status(request));
  }

  checkStatus(request: DisbursementRequest): Promise<DisbursementResult> {
    return Promise.resolve(this.status(request));
  }

  private status(request: DisbursementRequest): DisbursementResult {
    const parsed = bankTransferDetailsSchema.safeParse(request.method.details);
    if (!parsed.success) {
      return invalidDetails('bank transfer', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'details'}: ${issue.message}`).join('; '));
    }
    if (request.amountMinor <= 0n) return refused('invalid_amount', 'the amount must be positive');
    if (isSepaTransfer(request.currency, parsed.data) && request.amountMinor > 99_999_999_999n) {
      return refused('invalid_amount', 'a SEPA transfer is at most 999999999.99 EUR');
    }
    return {
      outcome: 'pending',
      providerStatus: 'awaiting_bank_file',
      ...(request.runId ? { providerReference: bankFileNameFor(request.runId, request.currency, parsed.data) } : {}),
    };
  }
}

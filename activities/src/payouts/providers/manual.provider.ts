import type { DisbursementRequest, DisbursementResult, PaymentProvider } from './payment-provider';

/**
 * Finance pays by hand (cheque, their bank's portal, cash) and marks the payout paid with a reference: nothing is
 * sent anywhere, so disbursing is always accepted and stays pending until a person says otherwise.
 */
export class ManualProvider implements PaymentProvider {
  readonly name = 'manual' as const;

  disburse(request: DisbursementRequest): Promise<DisbursementResult> {
    return this.checkStatus(request);
  }

  checkStatus(_request: DisbursementRequest, providerReference?: string): Promise<DisbursementResult> {
    return Promise.resolve({ outcome: 'pending', providerStatus: 'awaiting_manual_payment', ...(providerReference ? { providerReference } : {}) });
  }
}

import type { DisbursementRequest } from './payment-provider';

let sequence = 0;

/** A disbursement request with a fresh payout id (each test pays its own payout); `method` as given. */
export function disbursement(method: DisbursementRequest['method'], overrides: Partial<DisbursementRequest> = {}): DisbursementRequest {
  sequence += 1;
  return {
    payoutId: `pay_01kq4v7bqgz8yx3m5n6p7r${String(sequence).padStart(4, '0')}`,
    programId: 'prg_demo',
    partnerId: 'ptn_ada',
    runId: 'payout-prg_demo-2026-01-31',
    amountMinor: 12345n,
    currency: 'EUR',
    method,
    partner: { name: 'Ada Lovelace', email: 'ada@example.com', country: 'GB' },
    ...overrides,
  };
}

import type { StatementItemSource, StatementSource } from './payout-statement.types';

/**
 * A paid payout of 27.50 EUR as the repository would read it: a commission carried over from the
 * previous period, a commission and a partial refund of this period, and an earlier payout that
 * came back. 10.00 + 20.00 − 5.00 + 2.50 = 27.50.
 */
export const PREVIOUS_CUTOFF = new Date('2026-01-31T23:00:00Z');

const commissionExplanation = (ruleId: string, steps: string[]) => ({
  planVersion: 3,
  rule: { ruleId, planRuleId: ruleId, type: 'percentage', termsSource: 'program_default', tier: null },
  inputs: {},
  steps: [`rule "${ruleId}" with the terms of the program default`, ...steps],
});

export function statementItem(overrides: Partial<StatementItemSource> & { ledgerEntryId: string; amountMinor: bigint }): StatementItemSource {
  return {
    entry: { kind: 'commission_approved', currency: 'EUR', createdAt: new Date('2026-02-10T10:00:00Z'), conversionId: null, payoutId: null, explanation: null },
    commission: null,
    conversion: null,
    returnedPayout: null,
    ...overrides,
  };
}

export function statementSource(): StatementSource {
  return {
    payout: {
      id: 'pay_1',
      runId: 'payout-prg_1-2026-02-28',
      status: 'paid',
      amountMinor: 2_750n,
      currency: 'EUR',
      method: 'manual',
      provider: 'manual',
      providerReference: 'BANK-REF-42',
      providerStatus: 'paid',
      statusReason: null,
      failureReason: null,
      createdAt: new Date('2026-03-01T00:10:00Z'),
      paidAt: new Date('2026-03-02T09:00:00Z'),
      returnedAt: null,
    },
    program: { id: 'prg_1', name: 'Demo Program' },
    partner: { id: 'ptn_1', name: 'Ada Lovelace', email: 'ada@example.com' },
    period: { start: '2026-02-01', end: '2026-02-28' },
    carriedOverBefore: PREVIOUS_CUTOFF,
    items: [
      statementItem({
        ledgerEntryId: 'led_b',
        amountMinor: 2_000n,
        commission: { id: 'com_2', conversionId: 'cnv_sale2', ruleId: 'sale-revshare', kind: 'percentage', explanation: commissionExplanation('sale-revshare', ['10% of 200.00 EUR = 20.00 EUR']) },
        conversion: { id: 'cnv_sale2', type: 'sale', occurredAt: new Date('2026-02-03T08:00:00Z'), subIds: ['newsletter'] },
      }),
      statementItem({
        ledgerEntryId: 'led_a',
        amountMinor: 1_000n,
        entry: { kind: 'commission_approved', currency: 'EUR', createdAt: new Date('2026-01-20T10:00:00Z'), conversionId: null, payoutId: null, explanation: null },
        commission: { id: 'com_1', conversionId: 'cnv_sale1', ruleId: 'sale-revshare', kind: 'percentage', explanation: commissionExplanation('sale-revshare', ['10% of 100.00 EUR = 10.00 EUR']) },
        conversion: { id: 'cnv_sale1', type: 'sale', occurredAt: new Date('2026-01-05T08:00:00Z'), subIds: [] },
      }),
      statementItem({
        ledgerEntryId: 'led_c',
        amountMinor: -500n,
        entry: {
          kind: 'commission_reversed',
          currency: 'EUR',
          createdAt: new Date('2026-02-15T10:00:00Z'),
          conversionId: 'cnv_refund',
          payoutId: null,
          explanation: { reversal: { type: 'refund', conversionId: 'cnv_refund', originalConversionId: 'cnv_sale2' }, steps: ['refund of 50.00 EUR of 200.00 EUR: 25% of the commission = -5.00 EUR'] },
        },
        commission: { id: 'com_2', conversionId: 'cnv_sale2', ruleId: 'sale-revshare', kind: 'percentage', explanation: {} },
        conversion: { id: 'cnv_refund', type: 'refund', occurredAt: new Date('2026-02-14T08:00:00Z'), subIds: [] },
      }),
      statementItem({
        ledgerEntryId: 'led_d',
        amountMinor: 250n,
        entry: { kind: 'payout_returned', currency: 'EUR', createdAt: new Date('2026-02-20T10:00:00Z'), conversionId: null, payoutId: 'pay_0', explanation: null },
        returnedPayout: { id: 'pay_0', failureReason: 'account closed', returnedAt: new Date('2026-02-20T10:00:00Z') },
      }),
    ],
  };
}

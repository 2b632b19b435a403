import fc from 'fast-check';
import { buildPayoutStatement } from './payout-statement.builder';
import { statementItem, statementSource } from './payout-statement.fixtures';
import type { StatementSource } from './payout-statement.types';

const ISSUED = new Date('2026-03-03T00:00:00Z');

describe('payout statement', () => {
  const statement = buildPayoutStatement(statementSource(), ISSUED);

  it('explains every item: commission, reversal, earlier return, carried over first', () => {
    expect(statement.lines.map((line) => [line.ledgerEntryId, line.type, line.carriedOver, line.amountMinor])).toEqual([
      ['led_a', 'commission', true, 1_000n],
      ['led_b', 'commission', false, 2_000n],
      ['led_c', 'reversal', false, -500n],
      ['led_d', 'returned_payout', false, 250n],
    ]);
    expect(statement.lines[1]).toMatchObject({
      description: 'Commission on sale cnv_sale2 (rule sale-revshare)',
      explanation: 'plan v3, percentage rule "sale-revshare": 10% of 200.00 EUR = 20.00 EUR',
      conversionId: 'cnv_sale2',
      subIds: ['newsletter'],
      commissionId: 'com_2',
      commissionKind: 'percentage',
    });
    expect(statement.lines[2]).toMatchObject({
      description: 'Refund cnv_refund of cnv_sale2 (rule sale-revshare)',
      conversionId: 'cnv_refund',
      originalConversionId: 'cnv_sale2',
      explanation: 'refund cnv_refund of cnv_sale2: refund of 50.00 EUR of 200.00 EUR: 25% of the commission = -5.00 EUR',
    });
    expect(statement.lines[3]).toMatchObject({ description: 'Returned payout pay_0, paid again', explanation: 'returned by the provider: account closed' });
  });

  it('totals per currency to the payout amount, with a zero fee line', () => {
    expect(statement.fees).toEqual([{ description: 'Fees', amountMinor: 0n, currency: 'EUR' }]);
    expect(statement.totals).toEqual([{ currency: 'EUR', carriedOverMinor: 1_000n, currentPeriodMinor: 1_750n, feesMinor: 0n, totalMinor: 2_750n, lineCount: 4 }]);
    expect(statement.reconciles).toBe(true);
    expect(statement.header).toMatchObject({ payoutId: 'pay_1', status: 'paid', providerReference: 'BANK-REF-42', note: null, issuedAt: ISSUED });
  });

  it('says so when the items do not add up to the payout, and why a payout was not paid', () => {
    const source = statementSource();
    const failed = buildPayoutStatement({ ...source, payout: { ...source.payout, status: 'failed', failureReason: 'invalid IBAN' }, items: source.items.slice(1) }, ISSUED);
    expect(failed.reconciles).toBe(false);
    expect(failed.header.note).toBe('The payment failed: invalid IBAN. The amount stays on your balance.');
  });

  it('carries nothing over in a program\'s first run', () => {
    const first = buildPayoutStatement({ ...statementSource(), carriedOverBefore: null, period: { start: null, end: '2026-02-28' } }, ISSUED);
    expect(first.lines.every((line) => !line.carriedOver)).toBe(true);
    expect(first.totals[0].carriedOverMinor).toBe(0n);
  });

  it('totals are exactly the sum of the lines, per currency, for any lines (property)', () => {
    const itemArb = fc.record({
      amountMinor: fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }),
      currency: fc.constantFrom('EUR', 'USD', 'JPY'),
      kind: fc.constantFrom('commission_approved', 'commission_reversed', 'payout_returned', 'something_else'),
      at: fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2026-12-31') }),
    });
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 40 }), fc.option(fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2026-12-31') })), (items, cutoff) => {
        const source: StatementSource = {
          ...statementSource(),
          carriedOverBefore: cutoff === null ? null : new Date(cutoff),
          items: items.map((item, index) =>
            statementItem({
              ledgerEntryId: `led_${String(index).padStart(3, '0')}`,
              amountMinor: item.amountMinor,
              entry: { kind: item.kind, currency: item.currency, createdAt: new Date(item.at), conversionId: null, payoutId: null, explanation: null },
            }),
          ),
        };
        const sum = (currency: string) => items.filter((item) => item.currency === currency).reduce((total, item) => total + item.amountMinor, 0n);
        source.payout = { ...source.payout, amountMinor: sum('EUR') };
        const built = buildPayoutStatement(source, ISSUED);
        expect(built.lines).toHaveLength(items.length);
        for (const total of built.totals) {
          const lines = built.lines.filter((line) => line.currency === total.currency);
          expect(total.totalMinor).toBe(lines.reduce((acc, line) => acc + line.amountMinor, 0n) + total.feesMinor);
          expect(total.totalMinor).toBe(sum(total.currency));
          expect(total.carriedOverMinor + total.currentPeriodMinor).toBe(total.totalMinor);
        }
        expect(built.totals[0].currency).toBe('EUR');
        expect(built.reconciles).toBe(sum('USD') === 0n && sum('JPY') === 0n);
      }),
    );
  });
});

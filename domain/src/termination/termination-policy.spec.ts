import { renderEmail } from '../notifications/email-templates';
import { anonymiseAtMs, balanceSummaryText, commissionSettlement } from './termination-policy';
import { terminationRequestSchema } from './termination-request.schema';

describe('termination policy', () => {
  it('forfeits only for fraud, and only when the config says so', () => {
    expect(commissionSettlement('fraud', { forfeitOnFraud: true })).toMatchObject({ forfeit: true });
    expect(commissionSettlement('fraud', { forfeitOnFraud: false })).toEqual({
      forfeit: false,
      why: 'terminated for fraud, but the termination config keeps commissions (forfeitOnFraud: false)',
    });
    for (const category of ['policy', 'inactivity', 'other'] as const) {
      expect(commissionSettlement(category, { forfeitOnFraud: true })).toMatchObject({ forfeit: false, why: expect.stringContaining(`a ${category} termination keeps`) });
    }
  });

  it('sums the ledger per account and currency in words, leaving out empty accounts', () => {
    expect(
      balanceSummaryText([
        { account: 'paid', currency: 'EUR', amountMinor: '10000' },
        { account: 'approved', currency: 'USD', amountMinor: '250' },
        { account: 'approved', currency: 'EUR', amountMinor: '3000' },
        { account: 'pending', currency: 'JPY', amountMinor: '0' },
      ]),
    ).toBe('approved (to be paid): 30.00 EUR; approved (to be paid): 2.50 USD; paid out: 100.00 EUR');
    expect(balanceSummaryText([])).toBe('no commissions were earned');
  });

  it('erases personal data the retention period after the termination took effect', () => {
    expect(new Date(anonymiseAtMs(Date.parse('2026-01-01T00:00:00Z'), 30)).toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });

  it('takes a reason and a category, and an effective time with an offset', () => {
    expect(terminationRequestSchema.safeParse({ reason: 'stolen cookies', category: 'fraud', effectiveAt: '2026-02-01T10:00:00+01:00' }).success).toBe(true);
    const invalid = terminationRequestSchema.safeParse({ reason: ' ', category: 'bored', effectiveAt: 'tomorrow', extra: 1 });
    expect(invalid.success ? [] : invalid.error.issues.map((issue) => issue.path.join('.') || issue.code)).toEqual(['reason', 'category', 'effectiveAt', 'unrecognized_keys']);
  });

  it('writes the final statement with the balance and the settlement', () => {
    const email = renderEmail('termination.final_statement', {
      partnerName: 'Ada',
      programName: 'Acme',
      endedOn: '2026-02-01',
      balanceSummary: 'approved (to be paid): 30.00 EUR',
      settlement: 'Your unpaid commissions were forfeited: terminated for fraud.',
    });
    expect(email.subject).toBe('Your final statement from the Acme partner program');
    expect(email.text).toContain('ended on 2026-02-01');
    expect(email.text).toContain('Your balance: approved (to be paid): 30.00 EUR.');
    expect(email.text).toContain('Your unpaid commissions were forfeited: terminated for fraud.');
  });
});

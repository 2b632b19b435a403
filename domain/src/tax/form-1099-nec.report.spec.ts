import { form1099NecCsv } from './form-1099-nec.csv';
import { buildForm1099NecReport, type Form1099Partner, type Form1099Payment, type Form1099W9 } from './form-1099-nec.report';
import { form1099Threshold, form1099ThresholdsOf, form1099ThresholdsSchema } from './form-1099-thresholds.schema';

const defaults = form1099ThresholdsSchema.parse(undefined);

describe('1099-NEC thresholds', () => {
  it('is $600 through 2025 and $2,000 from 2026', () => {
    expect(form1099Threshold(defaults, 2020)).toBe(60_000n);
    expect(form1099Threshold(defaults, 2025)).toBe(60_000n);
    expect(form1099Threshold(defaults, 2026)).toBe(200_000n);
    expect(form1099Threshold(defaults, 2031)).toBe(200_000n);
    expect(form1099Threshold(defaults, 1980)).toBe(60_000n);
  });

  it('takes a year\'s own override (an inflation adjustment) over the schedule', () => {
    const thresholds = form1099ThresholdsSchema.parse({ overrides: { '2027': '2050.00' } });
    expect(form1099Threshold(thresholds, 2027)).toBe(205_000n);
    expect(form1099Threshold(thresholds, 2028)).toBe(200_000n);
  });

  it('validates a configured schedule with field-level problems', () => {
    const result = form1099ThresholdsSchema.safeParse({ schedule: [{ fromYear: 2026, amount: '2000.001' }, { fromYear: 2020, amount: '600' }], overrides: { next: '1' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['schedule.0.amount', 'schedule', 'overrides.next']);
  });

  it('reads the payout policy field, else the defaults', () => {
    expect(form1099ThresholdsOf({ minimum: 1, form1099Thresholds: { overrides: { '2026': '2100.00' } } }).overrides).toEqual({ '2026': '2100.00' });
    expect(form1099ThresholdsOf(null)).toEqual(defaults);
    expect(form1099ThresholdsOf({ form1099Thresholds: 'nonsense' })).toEqual(defaults);
  });
});

const address = { line1: '12 Engine Street', city: 'Brooklyn', region: 'NY', postalCode: '11201', country: 'US' };
const w9Partner = (partnerId: string, fields: Partial<Form1099W9> = {}): Form1099Partner => ({
  partnerId,
  name: `Partner ${partnerId}`,
  country: 'US',
  w9: { legalName: `Legal ${partnerId}`, businessName: null, tinType: 'ssn', tinLast4: '6789', address, fields: { federalTaxClassification: 'individual_sole_proprietor' }, ...fields },
});
let paymentNumber = 0;
const paid = (partnerId: string, amountMinor: bigint, paidAt: string, currency = 'USD'): Form1099Payment => ({
  partnerId,
  payoutId: `pay_${String(++paymentNumber).padStart(3, '0')}`,
  amountMinor,
  currency,
  paidAt: new Date(paidAt),
});

function reported(taxYear: number, partners: Form1099Partner[], payments: Form1099Payment[]) {
  return buildForm1099NecReport({ taxYear, thresholdMinor: form1099Threshold(defaults, taxYear), partners, payments });
}

describe('1099-NEC report', () => {
  it('reports 2025 payees from $600.00 exactly, not $599.99', () => {
    const report = reported(2025, [w9Partner('ptn_a'), w9Partner('ptn_b')], [
      paid('ptn_a', 40_000n, '2025-03-01T00:00:00Z'),
      paid('ptn_a', 20_000n, '2025-12-31T23:59:59.999Z'),
      paid('ptn_b', 59_999n, '2025-06-01T00:00:00Z'),
    ]);
    expect(report.recipients.map((r) => [r.partner.partnerId, r.box1Minor])).toEqual([['ptn_a', 60_000n]]);
  });

  it('reports 2026 payees from $2,000.00 exactly: $1,999.99 and $600 are not enough', () => {
    const report = reported(2026, [w9Partner('ptn_a'), w9Partner('ptn_b'), w9Partner('ptn_c')], [
      paid('ptn_a', 200_000n, '2026-01-01T00:00:00Z'),
      paid('ptn_b', 199_999n, '2026-07-01T00:00:00Z'),
      paid('ptn_c', 60_000n, '2026-07-01T00:00:00Z'),
    ]);
    expect(report.recipients.map((r) => [r.partner.partnerId, r.box1Minor])).toEqual([['ptn_a', 200_000n]]);
  });

  it('counts a payout in the UTC calendar year of its paidAt', () => {
    const payments = [paid('ptn_a', 150_000n, '2026-12-31T23:59:59.999Z'), paid('ptn_a', 150_000n, '2027-01-01T00:00:00Z')];
    expect(reported(2026, [w9Partner('ptn_a')], payments).recipients).toEqual([]);
    expect(reported(2027, [w9Partner('ptn_a')], [...payments, paid('ptn_a', 50_000n, '2027-02-01T00:00:00Z')]).recipients[0].box1Minor).toBe(200_000n);
  });

  it('leaves out corporations and W-8 payees, flags US partners paid without a W-9, lists other currencies', () => {
    const corporation = w9Partner('ptn_corp', { fields: { federalTaxClassification: 'c_corporation' } });
    const foreign: Form1099Partner = { partnerId: 'ptn_gb', name: 'Grace', country: 'GB', w9: null };
    const noForm: Form1099Partner = { partnerId: 'ptn_us', name: 'Sam', country: 'US', w9: null };
    const report = reported(2026, [corporation, foreign, noForm, w9Partner('ptn_eur')], [
      paid('ptn_corp', 500_000n, '2026-05-01T00:00:00Z'),
      paid('ptn_gb', 500_000n, '2026-05-01T00:00:00Z'),
      paid('ptn_us', 300_000n, '2026-05-01T00:00:00Z'),
      paid('ptn_eur', 900_000n, '2026-05-01T00:00:00Z', 'EUR'),
    ]);
    expect(report.recipients).toEqual([]);
    expect(report.excluded).toEqual([expect.objectContaining({ partnerId: 'ptn_corp', totalMinor: 500_000n, reason: expect.stringMatching(/corporation/) })]);
    expect(report.withoutW9).toEqual([{ partnerId: 'ptn_us', name: 'Sam', totalMinor: 300_000n }]);
    expect(report.otherCurrencies).toEqual([expect.objectContaining({ partnerId: 'ptn_eur', currency: 'EUR', amountMinor: 900_000n })]);
  });

  it('counts a payout in another currency at its USD value when a rate covered its payment date', () => {
    const rate = { rate: '1.08', rateId: 'fxr_1', rateEffectiveFrom: new Date('2026-01-01T00:00:00Z') };
    const converted = { ...paid('ptn_eur', 100_000n, '2026-05-01T00:00:00Z', 'EUR'), usd: { amountMinor: 108_000n, ...rate } };
    const unconverted = paid('ptn_eur', 50_000n, '2026-06-01T00:00:00Z', 'EUR');
    const dollars = paid('ptn_eur', 100_000n, '2026-03-01T00:00:00Z');
    const report = reported(2026, [w9Partner('ptn_eur')], [dollars, converted, unconverted]);
    expect(report.recipients).toEqual([expect.objectContaining({ box1Minor: 208_000n, payoutIds: [dollars.payoutId, converted.payoutId].sort() })]);
    expect(report.convertedToUsd).toEqual([converted]);
    expect(report.otherCurrencies).toEqual([unconverted]);
    // Under the threshold without the converted payout: it is what makes the partner reportable.
    expect(reported(2026, [w9Partner('ptn_eur')], [paid('ptn_eur', 100_000n, '2026-03-01T00:00:00Z'), unconverted]).recipients).toEqual([]);
  });

  it('writes the filing CSV with the full TIN and box 1 to the cent', () => {
    const partner = w9Partner('ptn_a', { legalName: '=HYPERLINK("x")', businessName: 'Ada, LLC', tinType: 'ssn' });
    const report = reported(2026, [partner], [paid('ptn_a', 123_456n, '2026-05-01T00:00:00Z'), paid('ptn_a', 100_000n, '2026-06-01T00:00:00Z')]);
    const lines = form1099NecCsv(report, 'Demo Program', new Map([['ptn_a', '123456789']])).split('\r\n');
    expect(lines[0]).toBe(
      'tax_year,payer_name,recipient_tin_type,recipient_tin,recipient_name,recipient_business_name,address_line1,address_line2,city,state,zip,country,account_number,box1_nonemployee_compensation,payout_count',
    );
    expect(lines[1]).toBe(`2026,Demo Program,ssn,123-45-6789,"'=HYPERLINK(""x"")","Ada, LLC",12 Engine Street,,Brooklyn,NY,11201,US,ptn_a,2234.56,2`);
    expect(lines[2]).toBe('');
  });
});

import { csvText, csvNumber, type CsvCell } from '../payouts/statements/csv-text';
import { usdText, type Form1099NecReport } from './form-1099-nec.report';
import { formatUsTin } from './tax-identifiers';

export const FORM_1099_NEC_CSV_COLUMNS = [
  'tax_year',
  'payer_name',
  'recipient_tin_type',
  'recipient_tin',
  'recipient_name',
  'recipient_business_name',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'zip',
  'country',
  'account_number',
  'box1_nonemployee_compensation',
  'payout_count',
] as const;

/**
 * The filing file: one row per recipient, with the FULL TIN — the only place the TIN leaves the
 * database in clear, because filing (IRS FIRE, IRIS or a filing service) needs it. `tins` holds
 * the decrypted W-9 TINs by partner id; account_number is the partner id, which tells two forms
 * for the same TIN apart.
 */
export function form1099NecCsv(report: Form1099NecReport, payerName: string, tins: ReadonlyMap<string, string>): string {
  const rows: CsvCell[][] = [[...FORM_1099_NEC_CSV_COLUMNS]];
  for (const { partner, box1Minor, payoutIds } of report.recipients) {
    const { w9 } = partner;
    const tin = tins.get(partner.partnerId);
    rows.push([
      csvNumber(report.taxYear),
      payerName,
      w9.tinType,
      tin === undefined ? null : formatUsTin(w9.tinType, tin),
      w9.legalName,
      w9.businessName,
      w9.address.line1,
      w9.address.line2,
      w9.address.city,
      w9.address.region,
      w9.address.postalCode,
      w9.address.country,
      partner.partnerId,
      csvNumber(usdText(box1Minor)),
      csvNumber(payoutIds.length),
    ]);
  }
  return csvText(rows);
}

import { formatAmount } from '../../money/money';
import type { BankTransferDetails } from './bank-account.schema';

/**
 * A CSV batch (RFC 4180, CRLF) of bank transfers that cannot go into a SEPA file — other currencies, or EUR to
 * accounts outside SEPA — for finance to enter or upload at their bank. One row per payout, amounts as exact
 * decimal text in the currency's minor-unit digits.
 */
export interface CsvBatchRow {
  payoutId: string;
  partnerId: string;
  amountMinor: bigint;
  currency: string;
  account: BankTransferDetails;
  reference: string;
}

export const CSV_BATCH_COLUMNS = [
  'payout_id', 'partner_id', 'beneficiary_name', 'iban', 'bic', 'account_number', 'routing_number', 'bank_country', 'amount', 'currency', 'reference',
] as const;

export function csvBatch(rows: CsvBatchRow[]): string {
  const lines = rows.map((row) =>
    [
      row.payoutId,
      row.partnerId,
      row.account.accountHolder,
      row.account.iban ?? '',
      row.account.bic ?? '',
      row.account.accountNumber ?? '',
      row.account.routingNumber ?? '',
      row.account.country ?? '',
      formatAmount(row.amountMinor, row.currency),
      row.currency,
      row.reference,
    ].map(csvCell),
  );
  return [CSV_BATCH_COLUMNS.map(csvCell), ...lines].map((cells) => `${cells.join(',')}\r\n`).join('');
}

/**
 * Quoted when it holds a comma, quote or line break; a text cell a spreadsheet would run as a formula
 * (= + - @ or a tab/CR first) gets a leading apostrophe. Amounts are never negative here, so none is touched.
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

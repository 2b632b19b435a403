import { formatAmount } from '../../money/money';
import { csvText, csvNumber, type CsvCell } from './csv-text';
import type { PayoutStatement } from './payout-statement.types';

export const STATEMENT_LINE_COLUMNS = [
  'booked_at',
  'type',
  'carried_over',
  'description',
  'conversion_id',
  'conversion_type',
  'conversion_occurred_at',
  'original_conversion_id',
  'sub_ids',
  'commission_id',
  'rule_id',
  'commission_kind',
  'explanation',
  'ledger_entry_id',
  'currency',
  'amount',
] as const;

export const STATEMENT_TOTAL_COLUMNS = ['currency', 'carried_over', 'this_period', 'fees', 'total', 'lines'] as const;

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const money = (minor: bigint, currency: string) => csvNumber(formatAmount(minor, currency));

/**
 * The statement as CSV, in three blocks separated by an empty row: the header (field, value),
 * the lines (one per ledger entry the payout pays, then the fees), and the totals per currency.
 * Each block starts with its own column row, so a spreadsheet shows it as it reads.
 */
export function payoutStatementCsv(statement: PayoutStatement): string {
  const { header } = statement;
  const period = `${header.period.start ?? 'start of the program'} to ${header.period.end}`;
  const headerRows: CsvCell[][] = [
    ['field', 'value'],
    ['statement', `payout ${header.payoutId}`],
    ['program', `${header.program.name} (${header.program.id})`],
    ['partner', `${header.partner.name} (${header.partner.id})`],
    ['partner_email', header.partner.email],
    ['period', period],
    ['payout_id', header.payoutId],
    ['run_id', header.runId],
    ['status', header.status],
    ['method', header.method],
    ['provider', header.provider],
    ['provider_reference', header.providerReference],
    ['paid_at', iso(header.paidAt)],
    ['payout_amount', `${formatAmount(statement.payoutAmount.amountMinor, statement.payoutAmount.currency)} ${statement.payoutAmount.currency}`],
    ['note', header.note],
    ['issued_at', iso(header.issuedAt)],
  ];
  const lineRows: CsvCell[][] = statement.lines.map((line) => [
    iso(line.bookedAt),
    line.type,
    line.carriedOver ? 'yes' : 'no',
    line.description,
    line.conversionId,
    line.conversionType,
    iso(line.conversionOccurredAt),
    line.originalConversionId,
    line.subIds.join(';'),
    line.commissionId,
    line.ruleId,
    line.commissionKind,
    line.explanation,
    line.ledgerEntryId,
    line.currency,
    money(line.amountMinor, line.currency),
  ]);
  const feeRows: CsvCell[][] = statement.fees.map((fee) => [
    iso(header.issuedAt), 'fee', 'no', fee.description, null, null, null, null, null, null, null, null, 'no fees are charged', null, fee.currency, money(fee.amountMinor, fee.currency),
  ]);
  const totalRows: CsvCell[][] = statement.totals.map((total) => [
    total.currency,
    money(total.carriedOverMinor, total.currency),
    money(total.currentPeriodMinor, total.currency),
    money(total.feesMinor, total.currency),
    money(total.totalMinor, total.currency),
    csvNumber(total.lineCount),
  ]);
  return csvText([...headerRows, [], [...STATEMENT_LINE_COLUMNS], ...lineRows, ...feeRows, [], [...STATEMENT_TOTAL_COLUMNS], ...totalRows]);
}

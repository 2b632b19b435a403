import type { MoneyView } from '../money/money';
import type { ReportCell, ReportColumn, ReportRow } from './report-table';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/** Spreadsheets run a cell starting with these as a formula (CSV injection): text gets a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

const isMoney = (cell: ReportCell): cell is MoneyView => typeof cell === 'object' && cell !== null;

function field(cell: ReportCell, column: ReportColumn | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (isMoney(cell)) return cell.amount;
  const text = String(cell);
  const safe = column?.kind === 'text' && FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * RFC 4180 CSV of a report table: a header of column keys, one line per row, then the totals,
 * CRLF line ends; fields with commas, quotes, line breaks or edge spaces are quoted, quotes doubled.
 * Money columns hold the decimal amount; the `currency` column (last) names its currency.
 */
export function reportCsv(columns: ReportColumn[], rows: ReportRow[], currency: string | null): string {
  const withCurrency = currency !== null && columns.some((column) => column.kind === 'money');
  const header = [...columns.map((column) => column.key), ...(withCurrency ? ['currency'] : [])];
  const lines = rows.map((row) => [
    ...columns.map((column) => field(row[column.key] ?? null, column)),
    ...(withCurrency ? [field(currency, undefined)] : []),
  ]);
  return [header.map((key) => field(key, undefined)), ...lines].map((line) => `${line.join(',')}\r\n`).join('');
}

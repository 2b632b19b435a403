/**
 * RFC 4180 CSV for exports people open in spreadsheets. Text that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR first) gets a leading apostrophe — partner names and descriptions
 * come from outside. Amounts are written as they are: "-5.00" is a number, not a formula.
 */

/** A cell: text (guarded), an exact amount or number (as is), or empty. */
export type CsvCell = string | { number: string } | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return quote(cell.number);
  return quote(FORMULA_START.test(cell) ? `'${cell}` : cell);
}

/** Rows joined with CRLF (RFC 4180), ending with one. */
export function csvText(rows: CsvCell[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A number cell: amounts and counts, never formula-guarded. */
export const csvNumber = (value: string | number | bigint): CsvCell => ({ number: String(value) });

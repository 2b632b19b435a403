import { formatAmount } from '@partnerflow/domain';
import type { ReportsRepository } from './reports.repository';
import type { ReportScope } from './sql/report-scope.sql';

/** Money reports count the program currency only: credited conversions in other currencies are named, never silently dropped. */
export async function otherCurrencyNotes(reports: ReportsRepository, scope: ReportScope): Promise<string[]> {
  const rows = await reports.otherCurrencies(scope);
  return rows.map(
    (row) =>
      `${row.conversions} credited conversion(s) in ${row.currency} (net ${formatAmount(row.amount, row.currency)} ${row.currency}) are not in these figures: ` +
      `the program currency is ${scope.currency} and no exchange rates are stored.`,
  );
}

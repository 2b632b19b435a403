import {
  groupColumns,
  isTimeGrouping,
  moneyView,
  reportFigureColumns,
  timeBuckets,
  totalsGroupCells,
  type MoneyView,
  type ReportName,
  type ReportRow,
  type ReportTable,
} from '@partnerflow/domain';
import type { ReportsRepository } from './reports.repository';
import type { ReportScope } from './sql/report-scope.sql';

/** What a report's use case answers: its table and anything a reader must know to trust the numbers. */
export interface ReportResult {
  table: ReportTable;
  notes: string[];
  /** cohorts only: cohort × month. */
  trend?: Omit<ReportTable, 'totals'>;
}

export interface ReportRequest {
  name: ReportName;
  scope: ReportScope;
}

/** Money cells of a report: in the program currency. */
export const money = (scope: ReportScope, minor: bigint | null): MoneyView | null => (minor === null ? null : moneyView(minor, scope.currency));

/** Days as the SQL rounded them (exact numeric text), as a JSON number. */
export const days = (text: string | null): number | null => (text === null ? null : Number(text));

/**
 * Turns grouped SQL rows into the report's table: under a time grouping one row per period of the
 * range, in order, zeros where nothing happened; under a dimension one row per group found, by key
 * (partners labelled with their names). The SQL row whose group is null is the totals.
 */
export function assembleTable<R extends { grp: string | null }>(
  request: ReportRequest,
  rows: R[],
  figures: (row: R | undefined) => ReportRow,
  labels: Map<string, string> = new Map(),
): ReportTable {
  const { scope } = request;
  const byGroup = new Map(rows.filter((row) => row.grp !== null).map((row) => [row.grp as string, row]));
  const columns = [...groupColumns(scope.grouping), ...reportFigureColumns(request.name, scope.grouping)];
  const table = isTimeGrouping(scope.grouping)
    ? timeBuckets(scope.from, scope.to, scope.grouping).map((bucket) => ({
        group: bucket.key,
        start: bucket.start.toISOString(),
        end: bucket.end.toISOString(),
        ...figures(byGroup.get(bucket.key)),
      }))
    : [...byGroup.keys()].sort().map((key) => ({ group: key, label: labels.get(key) ?? key, ...figures(byGroup.get(key)) }));
  const totals = rows.find((row) => row.grp === null);
  return { columns, rows: table, totals: { ...totalsGroupCells(scope.grouping, scope.from, scope.to), ...figures(totals) } };
}

/** Partner names for the partner grouping's labels; nothing to look up otherwise. */
export function partnerIdsOf(request: ReportRequest, rows: { grp: string | null }[]): string[] {
  return request.scope.grouping === 'partner' ? rows.flatMap((row) => (row.grp === null ? [] : [row.grp])) : [];
}

/** assembleTable, with partners labelled by name under the partner grouping. */
export async function labelledTable<R extends { grp: string | null }>(
  reports: ReportsRepository,
  request: ReportRequest,
  rows: R[],
  figures: (row: R | undefined) => ReportRow,
): Promise<ReportTable> {
  const labels = await reports.partnerNames(request.scope.programId, partnerIdsOf(request, rows));
  return assembleTable(request, rows, figures, labels);
}

/** One report: each is a use case of its own, the controller's dispatcher picks it by name. */
export interface ReportUseCase {
  execute(request: ReportRequest): Promise<ReportResult>;
}

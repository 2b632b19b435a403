import type { MoneyView } from '../money/money';
import { isTimeGrouping, type ReportGrouping } from './report-catalogue';

/** How a column's values read: money is `{ amount, currency }` in JSON and a decimal in CSV. */
export type ReportColumnKind = 'text' | 'date' | 'count' | 'money' | 'rate' | 'days' | 'ratio';

export interface ReportColumn {
  key: string;
  kind: ReportColumnKind;
  description: string;
}

export type ReportCell = string | number | null | MoneyView;
export type ReportRow = Record<string, ReportCell>;

/** A report's answer: one row per group, and the same figures over the whole range (null when they do not add up to one). */
export interface ReportTable {
  columns: ReportColumn[];
  rows: ReportRow[];
  totals: ReportRow | null;
}

/** The columns that name a row's group, before the report's figures. */
export function groupColumns(grouping: ReportGrouping): ReportColumn[] {
  if (isTimeGrouping(grouping)) {
    return [
      { key: 'group', kind: 'text', description: `the ${grouping}: its first day (a month as YYYY-MM), UTC` },
      { key: 'start', kind: 'date', description: 'start of the period, inclusive (the range start for a partial first period)' },
      { key: 'end', kind: 'date', description: 'end of the period, exclusive (the range end for a partial last period)' },
    ];
  }
  const what = { partner: 'partner id', partner_type: 'partner type', country: "partner's country (ISO 3166-1 alpha-2)" }[grouping];
  return [
    { key: 'group', kind: 'text', description: what },
    { key: 'label', kind: 'text', description: grouping === 'partner' ? "partner's name" : what },
  ];
}

/** The group cells of the totals row. */
export function totalsGroupCells(grouping: ReportGrouping, from: Date, to: Date): ReportRow {
  return isTimeGrouping(grouping)
    ? { group: 'total', start: from.toISOString(), end: to.toISOString() }
    : { group: 'total', label: 'all' };
}

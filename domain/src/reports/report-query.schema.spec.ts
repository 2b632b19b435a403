import { DomainError } from '../errors';
import { parseReportDate, reportQuerySchema, resolveReportQuery } from './report-query.schema';

const NOW = new Date('2026-11-22T09:30:00Z');

function problems(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.details;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('report query', () => {
  it('reads dates as UTC midnight and date-times with their zone; rejects impossible days', () => {
    expect(parseReportDate('2026-05-01')?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseReportDate('2026-05-01T02:00:00+02:00')?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseReportDate('2026-02-30')).toBeNull();
    expect(parseReportDate('2026-05-01T00:00:00')).toBeNull();
    expect(parseReportDate('yesterday')).toBeNull();
  });

  it('reports bad values per field', () => {
    const result = reportQuerySchema.safeParse({ from: 'nope', groupBy: 'year' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['from', 'groupBy']);
  });

  it('defaults to the year before the start of tomorrow, grouped as the report prefers', () => {
    const resolved = resolveReportQuery('partner-revenue', {}, NOW);
    expect(resolved).toEqual({ from: new Date('2025-11-23T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z'), grouping: 'month', table: 'rows' });
    expect(resolveReportQuery('ltv-commission', {}, NOW).grouping).toBe('partner');
  });

  it('refuses an empty or reversed range, an unsupported grouping, too many periods and a trend outside cohorts', () => {
    expect(problems(() => resolveReportQuery('activation', { from: '2026-05-01', to: '2026-05-01' }, NOW))).toEqual([
      { path: 'to', message: expect.stringContaining('after `from`') },
    ]);
    expect(problems(() => resolveReportQuery('active-partners', { groupBy: 'partner' }, NOW))).toEqual([
      { path: 'groupBy', message: expect.stringContaining('day, week, month, partner_type, country') },
    ]);
    expect(problems(() => resolveReportQuery('partner-revenue', { from: '2020-01-01', to: '2026-01-01', groupBy: 'day' }, NOW))).toEqual([
      { path: 'groupBy', message: expect.stringContaining('more than 1000 rows') },
    ]);
    expect(problems(() => resolveReportQuery('partner-revenue', { from: '2000-01-01', to: '2026-01-01' }, NOW))).toEqual([
      { path: 'from', message: expect.stringContaining('at most') },
    ]);
    expect(problems(() => resolveReportQuery('partner-revenue', { table: 'trend' }, NOW))).toEqual([
      { path: 'table', message: 'only cohorts has a trend table' },
    ]);
  });
});

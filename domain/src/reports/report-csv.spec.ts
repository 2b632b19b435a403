import { reportCsv } from './report-csv';
import type { ReportColumn } from './report-table';

const columns: ReportColumn[] = [
  { key: 'group', kind: 'text', description: '' },
  { key: 'label', kind: 'text', description: '' },
  { key: 'netRevenue', kind: 'money', description: '' },
  { key: 'rate', kind: 'rate', description: '' },
];

describe('reportCsv', () => {
  it('writes RFC 4180: header, CRLF lines, quoted fields with commas, quotes, line breaks or edge spaces', () => {
    const csv = reportCsv(
      columns,
      [
        { group: 'ptn_1', label: 'Ada, "the" Partner', netRevenue: { amount: '-12.50', currency: 'EUR' }, rate: 0.25 },
        { group: 'ptn_2', label: 'two\nlines', netRevenue: { amount: '0.00', currency: 'EUR' }, rate: null },
        { group: 'ptn_3', label: ' padded', netRevenue: null, rate: 1 },
      ],
      'EUR',
    );
    expect(csv).toBe(
      'group,label,netRevenue,rate,currency\r\n' +
        'ptn_1,"Ada, ""the"" Partner",-12.50,0.25,EUR\r\n' +
        'ptn_2,"two\nlines",0.00,,EUR\r\n' +
        'ptn_3," padded",,1,EUR\r\n',
    );
  });

  it('defuses text that a spreadsheet would run as a formula, never numbers or money', () => {
    const csv = reportCsv(columns, [{ group: '=HYPERLINK("x")', label: '-minus', netRevenue: { amount: '-1.00', currency: 'EUR' }, rate: -0.5 }], 'EUR');
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",'-minus,-1.00,-0.5,EUR`);
  });

  it('adds no currency column to a table without money', () => {
    expect(reportCsv([columns[0]], [{ group: 'a' }], 'EUR')).toBe('group\r\na\r\n');
  });
});

import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { buildPayoutStatement } from './payout-statement.builder';
import { payoutStatementCsv, STATEMENT_LINE_COLUMNS } from './payout-statement.csv';
import { statementItem, statementSource } from './payout-statement.fixtures';
import { renderPayoutStatementPdf } from './payout-statement.pdf';
import { pdfTextLines } from './statement-pdf-text';
import { winAnsiText } from './win-ansi-text';

const ISSUED = new Date('2026-03-03T00:00:00Z');
const statement = buildPayoutStatement(statementSource(), ISSUED);

/** RFC 4180 rows of a small CSV (quoted cells with commas, quotes and no newlines inside). */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .slice(0, -1)
    .map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((match) => match[1].replace(/^"|"$/g, '').replace(/""/g, '"')));
}

describe('statement CSV', () => {
  const rows = parseCsv(payoutStatementCsv(statement));
  const blocks = rows.reduce<string[][][]>((all, row) => (row.length === 1 && row[0] === '' ? [...all, []] : (all[all.length - 1].push(row), all)), [[]]);

  it('has a header, a line block with the fees and a totals block', () => {
    expect(blocks).toHaveLength(3);
    const header = Object.fromEntries(blocks[0].slice(1));
    expect(header).toMatchObject({ payout_id: 'pay_1', status: 'paid', method: 'manual', provider_reference: 'BANK-REF-42', period: '2026-02-01 to 2026-02-28', payout_amount: '27.50 EUR' });
    expect(blocks[1][0]).toEqual([...STATEMENT_LINE_COLUMNS]);
    const amount = STATEMENT_LINE_COLUMNS.indexOf('amount');
    expect(blocks[1].slice(1).map((row) => [row[1], row[amount]])).toEqual([
      ['commission', '10.00'],
      ['commission', '20.00'],
      ['reversal', '-5.00'],
      ['returned_payout', '2.50'],
      ['fee', '0.00'],
    ]);
    expect(blocks[2]).toEqual([
      ['currency', 'carried_over', 'this_period', 'fees', 'total', 'lines'],
      ['EUR', '10.00', '17.50', '0.00', '27.50', '4'],
    ]);
  });

  it('keeps text a spreadsheet would run as a formula inert, amounts as numbers', () => {
    const source = statementSource();
    const hostile = buildPayoutStatement({ ...source, partner: { ...source.partner, name: '=cmd|calc' }, items: [statementItem({ ledgerEntryId: 'led_x', amountMinor: 2_750n })] }, ISSUED);
    const text = payoutStatementCsv(hostile);
    expect(text).toContain("'=cmd|calc (ptn_1)");
    expect(text).toMatch(/,27\.50\r\n/);
  });
});

describe('statement PDF', () => {
  const uncompressed = (options: PDFKit.PDFDocumentOptions) => new PDFDocument({ ...options, compress: false });

  it('shows the header, every line and the totals', async () => {
    const pdf = await renderPayoutStatementPdf(statement, uncompressed);
    expect(new TextDecoder('latin1').decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const text = pdfTextLines(pdf).join('\n');
    for (const expected of ['Payout statement', 'Demo Program', 'Ada Lovelace (ptn_1)', 'BANK-REF-42', '2026-02-01 to 2026-02-28', 'Carried over from earlier periods', 'This period']) {
      expect(text).toContain(expected);
    }
    for (const expected of ['Commission on sale cnv_sale2 (rule sale-revshare)', 'Refund cnv_refund of cnv_sale2', 'Returned payout pay_0, paid again', '-5.00 EUR', '2.50 EUR']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('Total 27.50 EUR');
    expect(text).toContain('carried over 10.00 EUR + this period 17.50 EUR + fees 0.00 EUR');
    expect(text).toContain('Payout pay_1 · page 1 of 1');
  });

  it('writes what the standard fonts cannot show as close as they can', async () => {
    expect(winAnsiText('Łukasz Żółć — 4.999 EUR → 5.00 EUR, 山田 😀')).toBe('Lukasz Zólc — 4.999 EUR -> 5.00 EUR, ?? ?');
    const source = statementSource();
    const named = buildPayoutStatement({ ...source, partner: { ...source.partner, name: 'Zoë Łukasiewicz' } }, ISSUED);
    expect(pdfTextLines(await renderPayoutStatementPdf(named, uncompressed))).toContain('Zoë Lukasiewicz (ptn_1)');
  });

  it('breaks long statements over numbered pages and reads the same compressed', async () => {
    const source = statementSource();
    const many = Array.from({ length: 120 }, (_, index) => statementItem({ ledgerEntryId: `led_${String(index).padStart(3, '0')}`, amountMinor: 100n }));
    const long = buildPayoutStatement({ ...source, payout: { ...source.payout, amountMinor: 12_000n }, items: many }, ISSUED);
    const pdf = await renderPayoutStatementPdf(long, (options) => new PDFDocument(options));
    const lines = pdfTextLines(pdf, (data) => inflateSync(data));
    const pages = lines.filter((line) => /^Payout pay_1 · page \d+ of \d+$/.test(line));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)).toBe(`Payout pay_1 · page ${pages.length} of ${pages.length}`);
    expect(lines.filter((line) => line === '1.00 EUR')).toHaveLength(120);
    expect(lines).toContain('Total 120.00 EUR');
  });
});

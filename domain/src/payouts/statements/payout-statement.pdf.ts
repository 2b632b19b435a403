import type PDFDocument from 'pdfkit';
import { formatAmount } from '../../money/money';
import type { PayoutStatement, StatementLine } from './payout-statement.types';
import { winAnsiText } from './win-ansi-text';

/**
 * The statement as a PDF (A4, the standard Helvetica fonts: nothing to embed). pdfkit is passed
 * in rather than imported, so domain/ stays free of Node-only code the workflow bundle would
 * pull in: the api passes `(options) => new PDFDocument(options)`, tests add `compress: false`
 * to read the text back.
 */
export type PdfDocumentFactory = (options: PDFKit.PDFDocumentOptions) => InstanceType<typeof PDFDocument>;

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 50;
const COLUMNS = { date: 50, description: 120, amount: 455 } as const;
const WIDTHS = { date: 65, description: 330, amount: 90 } as const;
const GREY = '#555555';

const money = (minor: bigint, currency: string) => `${formatAmount(minor, currency)} ${currency}`;
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '');
const timestamp = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

export function renderPayoutStatementPdf(statement: PayoutStatement, createDocument: PdfDocumentFactory): Promise<Uint8Array> {
  const { header } = statement;
  const doc = createDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Payout statement ${header.payoutId}`,
      Author: header.program.name,
      Subject: `Payout ${header.payoutId} to ${header.partner.name}`,
      Producer: 'Partnerflow',
      Creator: 'Partnerflow',
      CreationDate: header.issuedAt,
    },
  });
  const done = collect(doc);
  writeHeader(doc, statement);
  writeLines(doc, statement);
  writeTotals(doc, statement);
  numberPages(doc, header.payoutId);
  doc.end();
  return done;
}

function collect(doc: Doc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(out);
    });
  });
}

function writeHeader(doc: Doc, statement: PayoutStatement): void {
  const { header, payoutAmount } = statement;
  doc.font('Helvetica-Bold').fontSize(18).text('Payout statement', MARGIN, MARGIN);
  doc.moveDown(0.5);
  const fields: [string, string][] = [
    ['Program', header.program.name],
    ['Partner', `${header.partner.name} (${header.partner.id})`],
    ['Period', `${header.period.start ?? 'start of the program'} to ${header.period.end}`],
    ['Payout', header.payoutId],
    ['Run', header.runId],
    ['Status', header.status.replace(/_/g, ' ')],
    ['Method', [header.method, header.provider].filter(Boolean).join(' / ') || '—'],
    ['Provider reference', header.providerReference ?? '—'],
    ['Paid at', timestamp(header.paidAt)],
    ['Payout amount', money(payoutAmount.amountMinor, payoutAmount.currency)],
    ['Issued', timestamp(header.issuedAt)],
  ];
  doc.fontSize(9);
  for (const [label, value] of fields) {
    const y = doc.y;
    doc.font('Helvetica-Bold').text(label, MARGIN, y, { width: 110 });
    doc.font('Helvetica').text(winAnsiText(value), MARGIN + 115, y, { width: 380 });
  }
  if (header.note) {
    doc.moveDown(0.5).font('Helvetica-Oblique').text(winAnsiText(header.note), MARGIN, doc.y, { width: 495 });
  }
  doc.moveDown(1);
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN - 20;
}

function tableHeader(doc: Doc): void {
  const y = doc.y;
  doc.font('Helvetica-Bold').fontSize(8).fillColor('black');
  doc.text('Booked', COLUMNS.date, y, { width: WIDTHS.date });
  doc.text('Description', COLUMNS.description, y, { width: WIDTHS.description });
  doc.text('Amount', COLUMNS.amount, y, { width: WIDTHS.amount, align: 'right' });
  const lineY = doc.y + 2;
  doc.moveTo(MARGIN, lineY).lineTo(doc.page.width - MARGIN, lineY).lineWidth(0.5).stroke();
  doc.y = lineY + 4;
}

function row(doc: Doc, date: string, text: string, details: string, amount: string): void {
  const description = winAnsiText(text);
  const detail = winAnsiText(details);
  doc.fontSize(8);
  const height =
    doc.font('Helvetica').heightOfString(description, { width: WIDTHS.description }) +
    (detail ? doc.fontSize(7).heightOfString(detail, { width: WIDTHS.description }) : 0) + 4;
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
    tableHeader(doc);
  }
  const y = doc.y;
  doc.font('Helvetica').fontSize(8).fillColor('black');
  doc.text(date, COLUMNS.date, y, { width: WIDTHS.date });
  doc.text(amount, COLUMNS.amount, y, { width: WIDTHS.amount, align: 'right' });
  doc.text(description, COLUMNS.description, y, { width: WIDTHS.description });
  if (detail) doc.fontSize(7).fillColor(GREY).text(detail, COLUMNS.description, doc.y, { width: WIDTHS.description }).fillColor('black');
  doc.y += 4;
}

function section(doc: Doc, title: string, lines: StatementLine[]): void {
  if (lines.length === 0) return;
  if (doc.y + 40 > bottom(doc)) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(title, MARGIN, doc.y);
  doc.moveDown(0.3);
  tableHeader(doc);
  for (const line of lines) {
    const reference = [line.conversionId && `conversion ${line.conversionId}`, line.subIds.length ? `sub ids ${line.subIds.join(', ')}` : ''].filter(Boolean).join(' · ');
    const detail = [line.explanation, reference].filter(Boolean).join('\n');
    row(doc, day(line.bookedAt), line.description, detail, money(line.amountMinor, line.currency));
  }
  doc.moveDown(0.5);
}

function writeLines(doc: Doc, statement: PayoutStatement): void {
  section(doc, 'Carried over from earlier periods', statement.lines.filter((line) => line.carriedOver));
  section(doc, 'This period', statement.lines.filter((line) => !line.carriedOver));
  if (statement.lines.length === 0) doc.font('Helvetica').fontSize(9).text('No line items.', MARGIN, doc.y).moveDown(0.5);
  if (doc.y + 40 > bottom(doc)) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).text('Fees', MARGIN, doc.y);
  doc.moveDown(0.3);
  for (const fee of statement.fees) row(doc, day(statement.header.issuedAt), fee.description, 'no fees are charged', money(fee.amountMinor, fee.currency));
  doc.moveDown(0.5);
}

function writeTotals(doc: Doc, statement: PayoutStatement): void {
  if (doc.y + 30 + statement.totals.length * 14 > bottom(doc)) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).text('Totals', MARGIN, doc.y);
  doc.moveDown(0.3);
  for (const total of statement.totals) {
    const parts = `carried over ${money(total.carriedOverMinor, total.currency)} + this period ${money(total.currentPeriodMinor, total.currency)} + fees ${money(total.feesMinor, total.currency)}`;
    const y = doc.y;
    doc.font('Helvetica').fontSize(8).text(parts, MARGIN, y, { width: 390 });
    doc.font('Helvetica-Bold').fontSize(9).text(`Total ${money(total.totalMinor, total.currency)}`, COLUMNS.amount - 60, y, { width: WIDTHS.amount + 60, align: 'right' });
    doc.moveDown(0.4);
  }
}

function numberPages(doc: Doc, payoutId: string): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing below the bottom margin would open a new page: lift the margin for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7).fillColor(GREY);
    doc.text(`Payout ${payoutId} · page ${index + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, { width: doc.page.width - 2 * MARGIN, align: 'center' });
    doc.fillColor('black');
    doc.page.margins.bottom = margin;
  }
}

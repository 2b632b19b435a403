import { Injectable, Logger } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { buildPayoutStatement, DomainError, ErrorCode, payoutStatementCsv, renderPayoutStatementPdf } from '@partnerflow/domain';
import { StatementsRepository } from '../statements.repository';

export type StatementFormat = 'csv' | 'pdf';

export interface StatementFile {
  contentType: string;
  filename: string;
  body: Buffer;
}

/**
 * A payout's statement as CSV or PDF: every ledger entry the payout pays, fees, totals per
 * currency. `partnerId` limits it to that partner's own payouts (the partner's
 * /v1/me/payouts/:id/statement): another partner's payout is as unknown as a missing one.
 */
@Injectable()
export class RenderPayoutStatementUseCase {
  private readonly logger = new Logger('PayoutStatements');

  constructor(private readonly statements: StatementsRepository) {}

  async execute(payoutId: string, format: StatementFormat, scope: { partnerId?: string } = {}): Promise<StatementFile> {
    const source = await this.statements.statementSource(payoutId);
    if (!source || (scope.partnerId !== undefined && source.partnerId !== scope.partnerId)) {
      throw new DomainError(ErrorCode.NOT_FOUND, `payout ${payoutId} does not exist`);
    }
    const statement = buildPayoutStatement(source, new Date());
    if (!statement.reconciles && ['approved', 'processing', 'paid', 'returned'].includes(statement.header.status)) {
      // The items of a live or paid payout must add up to it: say so loudly, but still show what is there.
      this.logger.error(`the statement of ${payoutId} does not add up to the payout amount: check its payout items`);
    }
    const filename = `statement-${payoutId}.${format}`;
    if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', filename, body: Buffer.from(payoutStatementCsv(statement), 'utf8') };
    const pdf = await renderPayoutStatementPdf(statement, (options) => new PDFDocument(options));
    return { contentType: 'application/pdf', filename, body: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
  }
}

import { Injectable } from '@nestjs/common';
import { labelledTable, money, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { otherCurrencyNotes } from '../report-notes';
import { ReportsRepository } from '../reports.repository';

/** First touch against last touch: who would win the program's conversions under each, next to its own model. */
@Injectable()
export class ReportTouchComparisonUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const { scope } = request;
    const [rows, currencyNotes] = await Promise.all([this.reports.touchComparison(scope), otherCurrencyNotes(this.reports, scope)]);
    const table = await labelledTable(this.reports, request, rows, (row) => ({
      conversions: row?.conversions ?? 0,
      disputedConversions: row?.disputed ?? 0,
      firstTouchConversions: row?.firstConversions ?? 0,
      firstTouchRevenue: money(scope, row?.firstRevenue ?? 0n),
      lastTouchConversions: row?.lastConversions ?? 0,
      lastTouchRevenue: money(scope, row?.lastRevenue ?? 0n),
      modelConversions: row?.modelConversions ?? 0,
      modelRevenue: money(scope, row?.modelRevenue ?? 0n),
      lastMinusFirstRevenue: money(scope, (row?.lastRevenue ?? 0n) - (row?.firstRevenue ?? 0n)),
    }));
    const notes = [
      "Touches are the candidates stored with each conversion's attribution that the model counted (creditable, inside the window, kept by coupon precedence), in time order.",
      'Recurring conversions (credited to the customer\'s first partner) and refunds are not compared: they have no touches of their own.',
      ...currencyNotes,
    ];
    return { table, notes };
  }
}

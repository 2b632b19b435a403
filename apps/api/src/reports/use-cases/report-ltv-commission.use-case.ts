import { Injectable } from '@nestjs/common';
import { averageMinor, reportRatio } from '@partnerflow/domain';
import { labelledTable, money, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { otherCurrencyNotes } from '../report-notes';
import { ReportsRepository } from '../reports.repository';

/** LTV-to-commission and net revenue by partner: are partners profitable after what they are paid? */
@Injectable()
export class ReportLtvCommissionUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const { scope } = request;
    const [rows, currencyNotes] = await Promise.all([this.reports.orderFigures(scope, 'all-conversions'), otherCurrencyNotes(this.reports, scope)]);
    const table = await labelledTable(this.reports, request, rows, (row) => {
      const revenue = (row?.gross ?? 0n) + (row?.refunded ?? 0n);
      const commissions = row?.commissions ?? 0n;
      return {
        customers: row?.customers ?? 0,
        grossRevenue: money(scope, row?.gross ?? 0n),
        refunded: money(scope, row?.refunded ?? 0n),
        revenue: money(scope, revenue),
        customerLtv: money(scope, averageMinor(revenue, row?.customers ?? 0)),
        commissions: money(scope, commissions),
        ltvToCommission: commissions > 0n ? reportRatio(revenue, commissions, 2) : null,
        netRevenue: money(scope, revenue - commissions),
      };
    });
    const notes = [
      'Customer LTV is the revenue of the conversions credited to the partner in the range (renewals within the recurring window included), after their refunds so far.',
      'Commissions are earned amounts net of reversals (rejected ones are 0), from the ledger; discounts are not recorded.',
      ...currencyNotes,
    ];
    return { table, notes };
  }
}

import { Injectable } from '@nestjs/common';
import { averageMinor, reportRatio } from '@partnerflow/domain';
import { labelledTable, money, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { otherCurrencyNotes } from '../report-notes';
import { ReportsRepository } from '../reports.repository';

/** Average order value and margin (revenue after refunds less commissions) of partner-credited orders. */
@Injectable()
export class ReportOrderValueUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const { scope } = request;
    const [rows, currencyNotes] = await Promise.all([this.reports.orderFigures(scope, 'orders'), otherCurrencyNotes(this.reports, scope)]);
    const table = await labelledTable(this.reports, request, rows, (row) => {
      const gross = row?.gross ?? 0n;
      const net = gross + (row?.refunded ?? 0n);
      const margin = net - (row?.commissions ?? 0n);
      return {
        orders: row?.orders ?? 0,
        grossRevenue: money(scope, gross),
        averageOrderValue: money(scope, averageMinor(gross, row?.orders ?? 0)),
        refunded: money(scope, row?.refunded ?? 0n),
        netRevenue: money(scope, net),
        commissions: money(scope, row?.commissions ?? 0n),
        margin: money(scope, margin),
        marginRate: net > 0n ? reportRatio(margin, net) : null,
      };
    });
    const notes = [
      'No cost of goods is recorded, so margin is revenue after refunds less the commissions earned on these orders.',
      'Refunds, chargebacks and commission reversals count against the order they reverse, whenever they happened.',
      ...currencyNotes,
    ];
    return { table, notes };
  }
}

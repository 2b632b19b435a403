import { Injectable } from '@nestjs/common';
import { labelledTable, money, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { otherCurrencyNotes } from '../report-notes';
import { ReportsRepository } from '../reports.repository';

/** Partner-sourced revenue (the north star): credited shares of revenue less refunds and chargebacks, as they occurred. */
@Injectable()
export class ReportPartnerRevenueUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const { scope } = request;
    const [rows, notes] = await Promise.all([this.reports.partnerRevenue(scope), otherCurrencyNotes(this.reports, scope)]);
    const table = await labelledTable(this.reports, request, rows, (row) => ({
      grossRevenue: money(scope, row?.gross ?? 0n),
      reversals: money(scope, row?.reversals ?? 0n),
      netRevenue: money(scope, (row?.gross ?? 0n) + (row?.reversals ?? 0n)),
      conversions: row?.conversions ?? 0,
      reversalEvents: row?.reversalEvents ?? 0,
      partners: row?.partners ?? 0,
    }));
    return { table, notes };
  }
}

import { Injectable } from '@nestjs/common';
import { reportRatio } from '@partnerflow/domain';
import { labelledTable, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { ReportsRepository } from '../reports.repository';

/** Referral-to-customer conversion: customers won through partners' clicks ÷ their creditable clicks. */
@Injectable()
export class ReportConversionRateUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const { scope } = request;
    const [clicks, customers] = await Promise.all([this.reports.creditableClicks(scope), this.reports.clickCustomers(scope)]);
    const groups = new Set([...clicks, ...customers].map((row) => row.grp));
    const rows = [...groups].map((grp) => ({
      grp,
      clicks: clicks.find((row) => row.grp === grp)?.clicks ?? 0,
      conversions: customers.find((row) => row.grp === grp)?.conversions ?? 0,
      customers: customers.find((row) => row.grp === grp)?.customers ?? 0,
    }));
    const table = await labelledTable(this.reports, request, rows, (row) => ({
      clicks: row?.clicks ?? 0,
      conversions: row?.conversions ?? 0,
      customers: row?.customers ?? 0,
      conversionRate: reportRatio(row?.customers ?? 0, row?.clicks ?? 0),
    }));
    return { table, notes: ['Conversions credited to a coupon have no click and are not counted here.'] };
  }
}

import { Injectable } from '@nestjs/common';
import { labelledTable, days, money, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { ReportsRepository } from '../reports.repository';

/** Operational health: days from a conversion to the payout that paid its commission. Empty until payouts are paid. */
@Injectable()
export class ReportPayoutLagUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const { scope } = request;
    const rows = await this.reports.payoutLag(scope);
    const table = await labelledTable(this.reports, request, rows, (row) => ({
      commissions: row?.commissions ?? 0,
      paidAmount: money(scope, row?.paid ?? 0n),
      medianDays: days(row?.medianDays ?? null),
      meanDays: days(row?.meanDays ?? null),
      maxDays: days(row?.maxDays ?? null),
    }));
    const notes = rows.length <= 1 && (rows[0]?.commissions ?? 0) === 0 ? ['No commission was paid by a payout in this range.'] : [];
    return { table, notes };
  }
}

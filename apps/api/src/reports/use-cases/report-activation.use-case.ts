import { Injectable } from '@nestjs/common';
import { reportRatio } from '@partnerflow/domain';
import { assembleTable, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { ReportsRepository } from '../reports.repository';

/** New-partner activation: approved in the period → first referral within 30 days. */
@Injectable()
export class ReportActivationUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const rows = await this.reports.approvalCohort(request.scope);
    const table = assembleTable(request, rows, (row) => {
      const approved = row?.approved ?? 0;
      const activated = row?.activated ?? 0;
      const stillInWindow = row?.stillInWindow ?? 0;
      return { approved, activated, stillInWindow, activationRate: reportRatio(activated, approved - stillInWindow) };
    });
    return { table, notes: [] };
  }
}

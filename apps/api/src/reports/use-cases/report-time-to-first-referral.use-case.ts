import { Injectable } from '@nestjs/common';
import { assembleTable, days, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { ReportsRepository } from '../reports.repository';

/** Onboarding effectiveness: days from approval to the first referral, for partners approved in each period. */
@Injectable()
export class ReportTimeToFirstReferralUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const rows = await this.reports.approvalCohort(request.scope);
    const table = assembleTable(request, rows, (row) => ({
      approved: row?.approved ?? 0,
      referred: row?.referred ?? 0,
      medianDays: days(row?.medianDays ?? null),
      meanDays: days(row?.meanDays ?? null),
    }));
    return { table, notes: [] };
  }
}

import { Injectable } from '@nestjs/common';
import { isTimeGrouping, reportRatio, timeBuckets } from '@partnerflow/domain';
import type { ActivePartnersRow } from '../sql/partners.sql';
import { assembleTable, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { ReportsRepository } from '../reports.repository';

/** Partners who referred in the 30 days before each period end, against those approved by then. */
@Injectable()
export class ReportActivePartnersUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const { scope } = request;
    let rows: ActivePartnersRow[];
    if (isTimeGrouping(scope.grouping)) {
      const periods = timeBuckets(scope.from, scope.to, scope.grouping);
      rows = await this.reports.activePartnersByPeriod(scope, periods);
      // The last period ends at `to`: over the whole range, "active" means in the 30 days before it.
      const last = rows.find((row) => row.grp === periods[periods.length - 1].key);
      if (last) rows.push({ ...last, grp: null });
    } else {
      rows = await this.reports.activePartnersByDimension(scope);
    }
    const table = assembleTable(request, rows, (row) => ({
      activePartners: row?.active ?? 0,
      approvedPartners: row?.approved ?? 0,
      activeShare: reportRatio(row?.active ?? 0, row?.approved ?? 0),
    }));
    const notes = isTimeGrouping(scope.grouping) ? [] : ['Grouped by partner type or country, a partner is active when it referred in the 30 days before `to`.'];
    return { table, notes };
  }
}

import { Injectable } from '@nestjs/common';
import { groupColumns, reportFigureColumns, reportRatio, totalsGroupCells, type ReportTable } from '@partnerflow/domain';
import { assembleTable, money, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { otherCurrencyNotes } from '../report-notes';
import { ReportsRepository } from '../reports.repository';

const TOP = 10;
const shareOf = (part: bigint, total: bigint) => (total > 0n ? reportRatio(part, total) : null);

/** Revenue concentration: the top 10 partners' share of partner-sourced revenue, per period or as a ranking. */
@Injectable()
export class ReportConcentrationUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const notes = await otherCurrencyNotes(this.reports, request.scope);
    if (request.scope.grouping === 'partner') notes.unshift("In the totals row, cumulativeShare is the top 10 partners' share of the total.");
    const table = request.scope.grouping === 'partner' ? await this.ranking(request) : await this.byPeriod(request);
    return { table, notes };
  }

  private async byPeriod(request: ReportRequest): Promise<ReportTable> {
    const { scope } = request;
    const rows = await this.reports.concentrationByPeriod(scope);
    return assembleTable(request, rows, (row) => ({
      partners: row?.partners ?? 0,
      totalRevenue: money(scope, row?.total ?? 0n),
      top10Revenue: money(scope, row?.top10 ?? 0n),
      top10Share: shareOf(row?.top10 ?? 0n, row?.total ?? 0n),
    }));
  }

  /** Every partner by revenue with its share and the running share, so the top 10's weight can be read off row 10. */
  private async ranking(request: ReportRequest): Promise<ReportTable> {
    const { scope } = request;
    const ranked = await this.reports.partnerRanking(scope);
    const names = await this.reports.partnerNames(scope.programId, ranked.map((row) => row.partnerId));
    const total = ranked.reduce((sum, row) => sum + row.net, 0n);
    let running = 0n;
    const rows = ranked.map((row) => {
      running += row.net;
      return {
        group: row.partnerId,
        label: names.get(row.partnerId) ?? row.partnerId,
        rank: row.rank,
        netRevenue: money(scope, row.net),
        share: shareOf(row.net, total),
        cumulativeShare: shareOf(running, total),
      };
    });
    const top = ranked.slice(0, TOP).reduce((sum, row) => sum + row.net, 0n);
    return {
      columns: [...groupColumns(scope.grouping), ...reportFigureColumns(request.name, scope.grouping)],
      rows,
      totals: {
        ...totalsGroupCells(scope.grouping, scope.from, scope.to),
        rank: null,
        netRevenue: money(scope, total),
        share: shareOf(total, total),
        cumulativeShare: shareOf(top, total),
      },
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, isReportName, REPORT_NAMES, REPORT_SPECS, resolveReportQuery, type ReportName, type ReportQuery } from '@partnerflow/domain';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import type { ReportUseCase } from '../report-rows';
import { ReportsRepository } from '../reports.repository';
import { ReportActivationUseCase } from './report-activation.use-case';
import { ReportActivePartnersUseCase } from './report-active-partners.use-case';
import { ReportCohortsUseCase } from './report-cohorts.use-case';
import { ReportConcentrationUseCase } from './report-concentration.use-case';
import { ReportConversionRateUseCase } from './report-conversion-rate.use-case';
import { ReportLtvCommissionUseCase } from './report-ltv-commission.use-case';
import { ReportOrderValueUseCase } from './report-order-value.use-case';
import { ReportPartnerRevenueUseCase } from './report-partner-revenue.use-case';
import { ReportPayoutLagUseCase } from './report-payout-lag.use-case';
import { ReportTimeToFirstReferralUseCase } from './report-time-to-first-referral.use-case';
import { ReportTouchComparisonUseCase } from './report-touch-comparison.use-case';

/**
 * Any program report by name: resolves the program, the range and grouping (defaults, field-level
 * 400s), the program currency, then runs that report's use case and wraps its table with what it
 * means. Unknown names are a 404 that lists the valid ones.
 */
@Injectable()
export class RunReportUseCase {
  private readonly byName: Record<ReportName, ReportUseCase>;

  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly reports: ReportsRepository,
    partnerRevenue: ReportPartnerRevenueUseCase,
    activePartners: ReportActivePartnersUseCase,
    activation: ReportActivationUseCase,
    conversionRate: ReportConversionRateUseCase,
    orderValue: ReportOrderValueUseCase,
    timeToFirstReferral: ReportTimeToFirstReferralUseCase,
    payoutLag: ReportPayoutLagUseCase,
    concentration: ReportConcentrationUseCase,
    ltvCommission: ReportLtvCommissionUseCase,
    cohorts: ReportCohortsUseCase,
    touchComparison: ReportTouchComparisonUseCase,
  ) {
    this.byName = {
      'partner-revenue': partnerRevenue,
      'active-partners': activePartners,
      activation,
      'conversion-rate': conversionRate,
      'order-value': orderValue,
      'time-to-first-referral': timeToFirstReferral,
      'payout-lag': payoutLag,
      concentration,
      'ltv-commission': ltvCommission,
      cohorts,
      'touch-comparison': touchComparison,
    };
  }

  async execute(programRef: string, name: string, query: ReportQuery) {
    if (!isReportName(name)) {
      throw new DomainError(ErrorCode.NOT_FOUND, `there is no report "${name}"; reports: ${REPORT_NAMES.join(', ')}`, [
        { path: 'name', message: `must be one of ${REPORT_NAMES.join(', ')}` },
      ]);
    }
    const now = new Date();
    const { from, to, grouping, table } = resolveReportQuery(name, query, now);
    const program = await this.getProgram.execute(programRef);
    const currency = await this.reports.programCurrency(program.id);
    const asOf = to.getTime() < now.getTime() ? to : now;
    const result = await this.byName[name].execute({ name, scope: { programId: program.id, from, to, grouping, currency, asOf } });
    const report = {
      report: name,
      programId: program.id,
      definition: REPORT_SPECS[name].definition,
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy: grouping,
      currency,
      asOf: asOf.toISOString(),
      generatedAt: now.toISOString(),
      columns: result.table.columns,
      rows: result.table.rows,
      totals: result.table.totals,
      ...(result.trend ? { trend: result.trend } : {}),
      notes: result.notes,
    };
    return { report, programSlug: program.slug, csvTable: table };
  }
}

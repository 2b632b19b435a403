import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportActivationUseCase } from './use-cases/report-activation.use-case';
import { ReportActivePartnersUseCase } from './use-cases/report-active-partners.use-case';
import { ReportCohortsUseCase } from './use-cases/report-cohorts.use-case';
import { ReportConcentrationUseCase } from './use-cases/report-concentration.use-case';
import { ReportConversionRateUseCase } from './use-cases/report-conversion-rate.use-case';
import { ReportLtvCommissionUseCase } from './use-cases/report-ltv-commission.use-case';
import { ReportOrderValueUseCase } from './use-cases/report-order-value.use-case';
import { ReportPartnerRevenueUseCase } from './use-cases/report-partner-revenue.use-case';
import { ReportPayoutLagUseCase } from './use-cases/report-payout-lag.use-case';
import { ReportTimeToFirstReferralUseCase } from './use-cases/report-time-to-first-referral.use-case';
import { ReportTouchComparisonUseCase } from './use-cases/report-touch-comparison.use-case';
import { RunReportUseCase } from './use-cases/run-report.use-case';

/** Program reports (issue 8): read-only aggregates over conversions, clicks, the ledger and payouts. */
@Module({
  imports: [ProgramsModule],
  controllers: [ReportsController],
  providers: [
    ReportsRepository,
    RunReportUseCase,
    ReportPartnerRevenueUseCase,
    ReportActivePartnersUseCase,
    ReportActivationUseCase,
    ReportConversionRateUseCase,
    ReportOrderValueUseCase,
    ReportTimeToFirstReferralUseCase,
    ReportPayoutLagUseCase,
    ReportConcentrationUseCase,
    ReportLtvCommissionUseCase,
    ReportCohortsUseCase,
    ReportTouchComparisonUseCase,
  ],
})
export class ReportsModule {}

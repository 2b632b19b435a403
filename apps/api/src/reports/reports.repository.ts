import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@partnerflow/db';
import { commissionPlanSchema, DEFAULT_COMMISSION_PLAN } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import { cohortActivitySql, cohortPartnersSql, type CohortActivityRow, type CohortPartnersRow } from './sql/cohorts.sql';
import { clickCustomersSql, creditableClicksSql, type ClickCountRow, type ClickCustomerRow } from './sql/conversion-rate.sql';
import { orderFiguresSql, type OrderFiguresRow } from './sql/orders.sql';
import {
  activePartnersByDimensionSql,
  activePartnersByPeriodSql,
  approvalCohortSql,
  type ActivePartnersRow,
  type ApprovalCohortRow,
} from './sql/partners.sql';
import { payoutLagSql, type PayoutLagRow } from './sql/payout-lag.sql';
import type { ReportScope } from './sql/report-scope.sql';
import {
  concentrationByPeriodSql,
  otherCurrenciesSql,
  partnerRankingSql,
  partnerRevenueSql,
  type ConcentrationPeriodRow,
  type OtherCurrencyRow,
  type PartnerRankRow,
  type RevenueRow,
} from './sql/revenue.sql';
import { touchComparisonSql, type TouchComparisonRow } from './sql/touches.sql';

/**
 * The only path to Prisma for reports. Read-only; every figure is aggregated in PostgreSQL
 * (the SQL lives in ./sql, one file per family of reports) and comes back grouped, with the
 * whole range as the row whose group is null.
 */
@Injectable()
export class ReportsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The program's currency: its current commission plan's payout currency (the built-in plan's without one). */
  async programCurrency(programId: string): Promise<string> {
    const row = await this.prisma.configVersion.findFirst({ where: { programId, kind: 'commission_plan' }, orderBy: { version: 'desc' } });
    const parsed = row ? commissionPlanSchema.safeParse(row.document) : null;
    return parsed?.success ? parsed.data.currency : DEFAULT_COMMISSION_PLAN.currency;
  }

  async partnerNames(programId: string, partnerIds: string[]): Promise<Map<string, string>> {
    if (partnerIds.length === 0) return new Map();
    const rows = await this.prisma.partner.findMany({ where: { programId, id: { in: partnerIds } }, select: { id: true, name: true } });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  otherCurrencies(scope: ReportScope): Promise<OtherCurrencyRow[]> {
    return this.prisma.$queryRaw<OtherCurrencyRow[]>(otherCurrenciesSql(scope));
  }

  partnerRevenue(scope: ReportScope): Promise<RevenueRow[]> {
    return this.prisma.$queryRaw<RevenueRow[]>(partnerRevenueSql(scope));
  }

  concentrationByPeriod(scope: ReportScope): Promise<ConcentrationPeriodRow[]> {
    return this.prisma.$queryRaw<ConcentrationPeriodRow[]>(concentrationByPeriodSql(scope));
  }

  partnerRanking(scope: ReportScope): Promise<PartnerRankRow[]> {
    return this.prisma.$queryRaw<PartnerRankRow[]>(partnerRankingSql(scope));
  }

  activePartnersByPeriod(scope: ReportScope, periods: { key: string; end: Date }[]): Promise<ActivePartnersRow[]> {
    return this.prisma.$queryRaw<ActivePartnersRow[]>(activePartnersByPeriodSql(scope, periods));
  }

  activePartnersByDimension(scope: ReportScope): Promise<ActivePartnersRow[]> {
    return this.prisma.$queryRaw<ActivePartnersRow[]>(activePartnersByDimensionSql(scope));
  }

  approvalCohort(scope: ReportScope): Promise<ApprovalCohortRow[]> {
    return this.prisma.$queryRaw<ApprovalCohortRow[]>(approvalCohortSql(scope));
  }

  creditableClicks(scope: ReportScope): Promise<ClickCountRow[]> {
    return this.prisma.$queryRaw<ClickCountRow[]>(creditableClicksSql(scope));
  }

  clickCustomers(scope: ReportScope): Promise<ClickCustomerRow[]> {
    return this.prisma.$queryRaw<ClickCustomerRow[]>(clickCustomersSql(scope));
  }

  orderFigures(scope: ReportScope, commissionsOn: 'orders' | 'all-conversions'): Promise<OrderFiguresRow[]> {
    return this.prisma.$queryRaw<OrderFiguresRow[]>(orderFiguresSql(scope, commissionsOn));
  }

  payoutLag(scope: ReportScope): Promise<PayoutLagRow[]> {
    return this.prisma.$queryRaw<PayoutLagRow[]>(payoutLagSql(scope));
  }

  touchComparison(scope: ReportScope): Promise<TouchComparisonRow[]> {
    return this.prisma.$queryRaw<TouchComparisonRow[]>(touchComparisonSql(scope));
  }

  cohortPartners(scope: ReportScope): Promise<CohortPartnersRow[]> {
    return this.prisma.$queryRaw<CohortPartnersRow[]>(cohortPartnersSql(scope));
  }

  cohortActivity(scope: ReportScope): Promise<CohortActivityRow[]> {
    return this.prisma.$queryRaw<CohortActivityRow[]>(cohortActivitySql(scope));
  }
}

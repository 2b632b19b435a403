import { Injectable } from '@nestjs/common';
import { averageMinor, COHORT_TREND_COLUMNS, reportRatio, type ReportRow } from '@partnerflow/domain';
import type { CohortActivityRow } from '../sql/cohorts.sql';
import { assembleTable, days, money, type ReportRequest, type ReportResult, type ReportUseCase } from '../report-rows';
import { otherCurrencyNotes } from '../report-notes';
import { ReportsRepository } from '../reports.repository';
import type { ReportScope } from '../sql/report-scope.sql';

/** `2026-05` → months since year 0, so month spans are differences. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
/** The month holding the range's last instant: activity is observed until `to`. */
const lastMonth = (scope: ReportScope) => new Date(scope.to.getTime() - 1).toISOString().slice(0, 7);

const NO_ACTIVITY = { referrals: 0, clicks: 0, customers: 0, revenue: 0n };

/**
 * Partners by the month they were approved: how fast and how much they refer, convert and earn
 * the program, and which lifecycle stages they reached (tiers are not stored). One row per cohort,
 * and a trend table of cohort × calendar month.
 */
@Injectable()
export class ReportCohortsUseCase implements ReportUseCase {
  constructor(private readonly reports: ReportsRepository) {}

  async execute(request: ReportRequest): Promise<ReportResult> {
    const { scope } = request;
    const [partners, activity, currencyNotes] = await Promise.all([
      this.reports.cohortPartners(scope),
      this.reports.cohortActivity(scope),
      otherCurrencyNotes(this.reports, scope),
    ]);
    const activityOf = (cohort: string | null, month: string | null) =>
      activity.find((row) => row.cohort === cohort && row.month === month) ?? NO_ACTIVITY;
    const monthsObserved = (cohort: string) => monthIndex(lastMonth(scope)) - monthIndex(cohort) + 1;
    const partnerMonths = partners.reduce((sum, row) => (row.cohort === null ? sum : sum + row.partners * monthsObserved(row.cohort)), 0);

    const rows = partners.map((row) => ({ ...row, grp: row.cohort }));
    const table = assembleTable(request, rows, (row) => {
      const done = activityOf(row?.cohort ?? null, null);
      const size = row?.partners ?? 0;
      const months = row?.cohort ? monthsObserved(row.cohort) : null;
      const exposure = row === undefined ? 0 : months === null ? partnerMonths : size * months;
      return {
        partners: size,
        producingPartners: row?.producing ?? 0,
        medianDaysToFirstReferral: days(row?.medianDays ?? null),
        meanDaysToFirstReferral: days(row?.meanDays ?? null),
        referrals: row ? done.referrals : 0,
        monthsObserved: months,
        referralsPerPartnerPerMonth: reportRatio(row ? done.referrals : 0, exposure),
        clicks: row ? done.clicks : 0,
        customers: row ? done.customers : 0,
        conversionRate: row ? reportRatio(done.customers, done.clicks) : null,
        netRevenue: money(scope, row ? done.revenue : 0n),
        revenuePerPartner: money(scope, averageMinor(row ? done.revenue : 0n, size)),
        reachedProducing: row?.reachedProducing ?? 0,
        reachedConsistent: row?.reachedConsistent ?? 0,
        reachedAtRisk: row?.reachedAtRisk ?? 0,
        reachedPaused: row?.reachedPaused ?? 0,
        reachedTerminated: row?.reachedTerminated ?? 0,
      };
    });
    const cohorts = partners.filter((row) => row.cohort !== null).sort((a, b) => (a.cohort! < b.cohort! ? -1 : 1));
    const trend = cohorts.flatMap((row) => this.trendOf(scope, row.cohort!, row.partners, activityOf));
    const notes = [
      'Partner tiers are not stored: the cohorts show the lifecycle stages partners reached (from the audit log) instead of tiers.',
      'A cohort is the UTC month of approval (first move to ACTIVE); its activity is observed from approval until `to`.',
      ...currencyNotes,
    ];
    return { table, trend: { columns: COHORT_TREND_COLUMNS, rows: trend }, notes };
  }

  private trendOf(scope: ReportScope, cohort: string, partners: number, activityOf: (c: string, m: string) => typeof NO_ACTIVITY | CohortActivityRow): ReportRow[] {
    const first = monthIndex(cohort);
    return Array.from({ length: monthIndex(lastMonth(scope)) - first + 1 }, (_, offset) => {
      const month = monthOf(first + offset);
      const done = activityOf(cohort, month);
      return {
        cohort,
        month,
        monthsSinceJoin: offset,
        partners,
        referrals: done.referrals,
        referralsPerPartner: reportRatio(done.referrals, partners),
        clicks: done.clicks,
        customers: done.customers,
        conversionRate: reportRatio(done.customers, done.clicks),
        netRevenue: money(scope, done.revenue),
        revenuePerPartner: money(scope, averageMinor(done.revenue, partners)),
      };
    });
  }
}

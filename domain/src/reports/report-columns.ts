import type { ReportGrouping, ReportName } from './report-catalogue';
import type { ReportColumn, ReportColumnKind } from './report-table';

const col = (key: string, kind: ReportColumnKind, description: string): ReportColumn => ({ key, kind, description });

const REVENUE = [
  col('grossRevenue', 'money', "partners' shares of sale, deposit, renewal and trade amounts"),
  col('reversals', 'money', 'refunds and chargebacks of such conversions (negative)'),
  col('netRevenue', 'money', 'gross revenue plus reversals'),
  col('conversions', 'count', 'credited sale, deposit, renewal and trade conversions (a split one once per partner in partner groups)'),
  col('reversalEvents', 'count', 'refunds and chargebacks'),
  col('partners', 'count', 'distinct partners credited'),
];

const CONCENTRATION_BY_PERIOD = [
  col('partners', 'count', 'partners with partner-sourced revenue events in the period'),
  col('totalRevenue', 'money', 'net partner-sourced revenue of all partners'),
  col('top10Revenue', 'money', 'net revenue of the 10 partners with the most'),
  col('top10Share', 'rate', 'top 10 revenue ÷ total revenue (null when the total is not positive)'),
];

const CONCENTRATION_BY_PARTNER = [
  col('rank', 'count', 'position by net revenue (ties by partner id)'),
  col('netRevenue', 'money', "the partner's net partner-sourced revenue"),
  col('share', 'rate', "the partner's share of all partners' net revenue"),
  col('cumulativeShare', 'rate', 'share of this partner and every one ranked above'),
];

const COHORT_SUMMARY = [
  col('partners', 'count', 'partners approved in the month'),
  col('producingPartners', 'count', 'of them, partners with a referral'),
  col('medianDaysToFirstReferral', 'days', 'median days from approval to the first referral'),
  col('meanDaysToFirstReferral', 'days', 'mean days from approval to the first referral'),
  col('referrals', 'count', "the cohort's referrals since approval"),
  col('monthsObserved', 'count', 'calendar months from the cohort month to the end of the range'),
  col('referralsPerPartnerPerMonth', 'ratio', 'referrals ÷ (partners × months observed)'),
  col('clicks', 'count', 'creditable clicks on their links'),
  col('customers', 'count', 'distinct customers won through their clicks (sale, deposit, renewal, trade)'),
  col('conversionRate', 'rate', 'customers ÷ clicks'),
  col('netRevenue', 'money', 'their net partner-sourced revenue'),
  col('revenuePerPartner', 'money', 'net revenue ÷ partners'),
  col('reachedProducing', 'count', 'partners who reached stage PRODUCING (tiers are not stored: stages stand in for them)'),
  col('reachedConsistent', 'count', 'partners who reached CONSISTENT'),
  col('reachedAtRisk', 'count', 'partners who reached AT_RISK'),
  col('reachedPaused', 'count', 'partners who were PAUSED'),
  col('reachedTerminated', 'count', 'partners who were TERMINATED'),
];

/** Cohort × calendar month: the trend table of the cohorts report. */
export const COHORT_TREND_COLUMNS: ReportColumn[] = [
  col('cohort', 'text', 'month of approval (YYYY-MM)'),
  col('month', 'text', 'the calendar month observed (YYYY-MM)'),
  col('monthsSinceJoin', 'count', '0 for the approval month'),
  col('partners', 'count', 'partners in the cohort'),
  col('referrals', 'count', "the cohort's referrals in the month"),
  col('referralsPerPartner', 'ratio', 'referrals ÷ partners'),
  col('clicks', 'count', 'creditable clicks in the month'),
  col('customers', 'count', 'distinct customers won through their clicks in the month'),
  col('conversionRate', 'rate', 'customers ÷ clicks'),
  col('netRevenue', 'money', 'net partner-sourced revenue in the month'),
  col('revenuePerPartner', 'money', 'net revenue ÷ partners'),
];

const FIGURES: Record<Exclude<ReportName, 'concentration' | 'cohorts'>, ReportColumn[]> = {
  'partner-revenue': REVENUE,
  'active-partners': [
    col('activePartners', 'count', 'partners with a referral in the 30 days before the period end'),
    col('approvedPartners', 'count', 'partners approved before the period end'),
    col('activeShare', 'rate', 'active ÷ approved partners'),
  ],
  activation: [
    col('approved', 'count', 'partners approved in the period'),
    col('activated', 'count', 'of them, first referral within 30 days of approval'),
    col('stillInWindow', 'count', 'no referral yet, but their 30 days have not passed (as of `asOf`)'),
    col('activationRate', 'rate', 'activated ÷ (approved − still in window)'),
  ],
  'conversion-rate': [
    col('clicks', 'count', 'creditable clicks (bots and clicks of paused or terminated partners excluded)'),
    col('conversions', 'count', 'sale, deposit, renewal and trade conversions credited to a click by the model'),
    col('customers', 'count', 'distinct customers of those conversions (a conversion without a customer id is its own customer)'),
    col('conversionRate', 'rate', 'customers ÷ clicks'),
  ],
  'order-value': [
    col('orders', 'count', 'credited sale, deposit, renewal and trade conversions (a split order once per partner in partner groups)'),
    col('grossRevenue', 'money', 'their amounts (partners\' shares in partner groups)'),
    col('averageOrderValue', 'money', 'gross revenue ÷ orders'),
    col('refunded', 'money', 'refunds and chargebacks of these orders so far (negative)'),
    col('netRevenue', 'money', 'gross revenue plus refunded'),
    col('commissions', 'money', 'commissions earned on these orders, net of reversals (ledger)'),
    col('margin', 'money', 'net revenue less commissions'),
    col('marginRate', 'rate', 'margin ÷ net revenue'),
  ],
  'time-to-first-referral': [
    col('approved', 'count', 'partners approved in the period'),
    col('referred', 'count', 'of them, partners with a referral since approval'),
    col('medianDays', 'days', 'median days from approval to the first referral'),
    col('meanDays', 'days', 'mean days from approval to the first referral'),
  ],
  'payout-lag': [
    col('commissions', 'count', 'commissions paid in the period'),
    col('paidAmount', 'money', 'what their payout items paid'),
    col('medianDays', 'days', 'median days from conversion to payment'),
    col('meanDays', 'days', 'mean days from conversion to payment'),
    col('maxDays', 'days', 'longest wait'),
  ],
  'ltv-commission': [
    col('customers', 'count', 'distinct customers of the revenue conversions credited to them'),
    col('grossRevenue', 'money', 'their shares of sale, deposit, renewal and trade amounts'),
    col('refunded', 'money', 'refunds and chargebacks of those conversions so far (negative)'),
    col('revenue', 'money', 'gross revenue plus refunded'),
    col('customerLtv', 'money', 'revenue ÷ customers'),
    col('commissions', 'money', 'commissions earned on all their conversions in the range, net of reversals (ledger)'),
    col('ltvToCommission', 'ratio', 'revenue ÷ commissions (null without commissions)'),
    col('netRevenue', 'money', 'revenue less commissions (discounts are not recorded)'),
  ],
  'touch-comparison': [
    col('conversions', 'count', 'model-attributed revenue conversions (in partner groups: those the partner touched)'),
    col('disputedConversions', 'count', 'of them, conversions whose first and last counted touches belong to different partners'),
    col('firstTouchConversions', 'count', 'conversions the first counted touch wins'),
    col('firstTouchRevenue', 'money', 'their full amounts'),
    col('lastTouchConversions', 'count', 'conversions the last counted touch wins'),
    col('lastTouchRevenue', 'money', 'their full amounts'),
    col('modelConversions', 'count', "conversions the program's model credited (in part or whole)"),
    col('modelRevenue', 'money', "the model's credited shares"),
    col('lastMinusFirstRevenue', 'money', 'last-touch revenue less first-touch revenue'),
  ],
};

/** The figure columns of a report under a grouping (the group columns come first, from groupColumns). */
export function reportFigureColumns(name: ReportName, grouping: ReportGrouping): ReportColumn[] {
  if (name === 'concentration') return grouping === 'partner' ? CONCENTRATION_BY_PARTNER : CONCENTRATION_BY_PERIOD;
  if (name === 'cohorts') return COHORT_SUMMARY;
  return FIGURES[name];
}

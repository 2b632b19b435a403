/**
 * The program reports (issue 8, seed 002's "metrics that matter"): their names, what each counts
 * in one sentence, and how each may be grouped. The API answers every report with its definition,
 * so a number can always be explained.
 */

export const REPORT_NAMES = [
  'partner-revenue',
  'active-partners',
  'activation',
  'conversion-rate',
  'order-value',
  'time-to-first-referral',
  'payout-lag',
  'concentration',
  'ltv-commission',
  'cohorts',
  'touch-comparison',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const TIME_GROUPINGS = ['day', 'week', 'month'] as const;
export const DIMENSION_GROUPINGS = ['partner', 'partner_type', 'country'] as const;
export const REPORT_GROUPINGS = [...TIME_GROUPINGS, ...DIMENSION_GROUPINGS] as const;
export type TimeGrouping = (typeof TIME_GROUPINGS)[number];
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export const isTimeGrouping = (grouping: ReportGrouping): grouping is TimeGrouping => (TIME_GROUPINGS as readonly string[]).includes(grouping);
export const isReportName = (name: string): name is ReportName => (REPORT_NAMES as readonly string[]).includes(name);

export interface ReportSpec {
  name: ReportName;
  /** One sentence: what is counted, from which records. */
  definition: string;
  groupings: readonly ReportGrouping[];
  defaultGrouping: ReportGrouping;
}

const ALL = REPORT_GROUPINGS;
const NO_PARTNER = ['day', 'week', 'month', 'partner_type', 'country'] as const;
const BY_PARTNER = ['partner', 'partner_type', 'country'] as const;

/**
 * Shared vocabulary of the definitions: a "referral" is a conversion (not a refund or chargeback)
 * the attribution model credited to the partner (outcome `attributed`; recurring renewals are not
 * new referrals); "revenue" is sale, deposit, renewal and trade amounts in the program currency,
 * split between partners by their conversion shares; approval is the partner's first move to ACTIVE.
 */
export const REPORT_SPECS: Record<ReportName, ReportSpec> = {
  'partner-revenue': {
    name: 'partner-revenue',
    definition:
      'Partner-sourced revenue: the credited partners\' shares of sale, deposit, renewal and trade amounts in the program currency, less the refunds and chargebacks of such conversions, each counted when it occurred.',
    groupings: ALL,
    defaultGrouping: 'month',
  },
  'active-partners': {
    name: 'active-partners',
    definition:
      'Partners with at least one referral (a conversion the attribution model credited to them, refunds and chargebacks excepted) in the 30 days before each period end, against the partners approved by then.',
    groupings: NO_PARTNER,
    defaultGrouping: 'month',
  },
  activation: {
    name: 'activation',
    definition:
      'Of the partners approved in each period, the share whose first referral came within 30 days of approval; partners still inside their 30 days without a referral are left out of the rate.',
    groupings: NO_PARTNER,
    defaultGrouping: 'month',
  },
  'conversion-rate': {
    name: 'conversion-rate',
    definition:
      'Referral-to-customer conversion rate: distinct customers of the sale, deposit, renewal and trade conversions the attribution model credited to a partner\'s click, divided by the partners\' creditable clicks in the same period.',
    groupings: ALL,
    defaultGrouping: 'month',
  },
  'order-value': {
    name: 'order-value',
    definition:
      'Partner-credited orders (sale, deposit, renewal, trade) placed in each period in the program currency: their average value, and their margin — revenue after refunds less the commissions earned on them (no cost data is recorded).',
    groupings: ALL,
    defaultGrouping: 'month',
  },
  'time-to-first-referral': {
    name: 'time-to-first-referral',
    definition:
      'For partners approved in each period, the median and mean days from approval to their first referral (observed before the end of the range).',
    groupings: NO_PARTNER,
    defaultGrouping: 'month',
  },
  'payout-lag': {
    name: 'payout-lag',
    definition:
      'Days from a conversion to the payout that paid its commission: commissions whose approval ledger entry is an item of a payout marked paid, by the time it was paid.',
    groupings: ALL,
    defaultGrouping: 'month',
  },
  concentration: {
    name: 'concentration',
    definition:
      'Revenue concentration: the top 10 partners\' share of partner-sourced revenue (as in partner-revenue) in each period, partners ranked by their revenue.',
    groupings: ['day', 'week', 'month', 'partner'],
    defaultGrouping: 'month',
  },
  'ltv-commission': {
    name: 'ltv-commission',
    definition:
      'Per partner, the revenue of the customers credited to them (conversions in the range, after their refunds) per customer and against the commissions earned on all their conversions in the range; net revenue is revenue less commissions.',
    groupings: BY_PARTNER,
    defaultGrouping: 'partner',
  },
  cohorts: {
    name: 'cohorts',
    definition:
      'Partners grouped by the month they were approved: time to first referral, referrals per partner per month, click-to-customer conversion, revenue per partner and the lifecycle stages they reached, observed until the end of the range.',
    groupings: ['month'],
    defaultGrouping: 'month',
  },
  'touch-comparison': {
    name: 'touch-comparison',
    definition:
      'For model-attributed sale, deposit, renewal and trade conversions in the program currency, the conversions and revenue the first counted touch and the last counted touch would each win, next to what the program\'s model credited.',
    groupings: ALL,
    defaultGrouping: 'partner',
  },
};

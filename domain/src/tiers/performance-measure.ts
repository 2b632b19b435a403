import { z } from 'zod';
import { decimalAmountSchema, readDecimal } from '../money/decimal';
import { amountProblem, formatAmount, parseAmount } from '../money/money';

/**
 * What tiers and the CONSISTENT baseline measure a partner by, over a calendar period (UTC):
 * conversions credited to the partner, or the revenue they referred in one currency (their
 * share of each conversion's amount, refunds and chargebacks subtracted). Thresholds are decimal
 * text, compared exactly (minor units for money), never as floats.
 */

export const performanceMeasureSchema = z
  .enum(['conversions', 'referred_revenue'])
  .describe('conversions: credited conversions (refunds and chargebacks excluded); referred_revenue: the partner\'s share of conversion amounts in `currency`, net of refunds');
export type PerformanceMeasure = z.infer<typeof performanceMeasureSchema>;

/** A threshold field: decimal text, a whole number for conversions, the currency's decimals for revenue. */
export const thresholdSchema = decimalAmountSchema().describe('decimal text: a whole number of conversions ("3"), or an amount in `currency` ("1000.00")');

/** What the measuring activity answers for one partner and period. */
export interface PeriodPerformance {
  /** `2026-03` or `2026-Q1`. */
  period: string;
  from: string;
  to: string;
  conversions: number;
  /** Of those, conversions carrying fraud flags. */
  flaggedConversions: number;
  /** In `currency`'s minor units (decimal string: bigint in JSON); "0" when no currency was asked for. */
  referredRevenueMinor: string;
  currency: string | null;
}

export interface Measured {
  measure: PerformanceMeasure;
  currency?: string;
}

/** The measured value, exact: conversions as a count, revenue in minor units. */
export function measuredValue(performance: PeriodPerformance, measured: Measured): bigint {
  return measured.measure === 'conversions' ? BigInt(performance.conversions) : BigInt(performance.referredRevenueMinor);
}

/** A validated threshold in the unit `measuredValue` answers in. */
export function thresholdValue(minimum: string, measured: Measured): bigint {
  return measured.measure === 'conversions' ? BigInt(minimum) : parseAmount(minimum, measured.currency ?? 'EUR');
}

/** "3 conversions", "1200.00 EUR": for reasons a person reads. */
export function describeMeasured(value: bigint, measured: Measured): string {
  if (measured.measure === 'conversions') return `${value} conversion${value === 1n ? '' : 's'}`;
  return `${formatAmount(value, measured.currency ?? 'EUR')} ${measured.currency ?? ''} referred revenue`.replace('  ', ' ');
}

/** Problems of a `{ measure, currency?, minimum }` shape, with paths relative to it. */
export function measuredThresholdProblems(measured: Partial<Measured>, minimum: string | undefined, minimumPath: (string | number)[]) {
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (measured.measure === 'referred_revenue' && !measured.currency) {
    problems.push({ path: ['currency'], message: 'is required when the measure is referred_revenue (revenue in other currencies does not count)' });
  }
  if (minimum === undefined) return problems;
  if (measured.measure === 'conversions') {
    const reading = readDecimal(minimum);
    if (reading.ok && reading.parts.fraction !== '') problems.push({ path: minimumPath, message: 'must be a whole number of conversions' });
  } else if (measured.currency) {
    const problem = amountProblem(minimum, measured.currency);
    if (problem) problems.push({ path: minimumPath, message: problem });
  }
  return problems;
}

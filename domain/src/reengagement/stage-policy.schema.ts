import { z } from 'zod';
import { currencyCodeSchema } from '../money/currency';
import { measuredThresholdProblems, performanceMeasureSchema, thresholdSchema } from '../tiers/performance-measure';

/**
 * When a producing partner becomes CONSISTENT (seed 002: "baseline met for 3 consecutive
 * months") and when a quality problem puts a partner AT_RISK. Evaluated by the lifecycle
 * workflow at every calendar month's end (UTC), over the month just ended.
 */

export const DEFAULT_CONSISTENCY = { months: 3, measure: 'conversions', minimum: '1' } as const;

export const consistencyPolicySchema = z
  .object({
    months: z.number().int().min(1).max(24).default(3).describe('consecutive calendar months the baseline must be met'),
    measure: performanceMeasureSchema.default('conversions'),
    currency: currencyCodeSchema.optional().describe('the currency revenue is counted in (required for referred_revenue)'),
    minimum: thresholdSchema.default('1').describe("a month's baseline: conversions, or referred revenue in `currency`"),
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const problem of measuredThresholdProblems(policy, policy.minimum, ['minimum'])) ctx.addIssue({ code: 'custom', ...problem });
  })
  .describe('PRODUCING → CONSISTENT after `months` months in a row at or above the baseline; back to PRODUCING on a month below it');
export type ConsistencyPolicy = z.infer<typeof consistencyPolicySchema>;

export const qualityPolicySchema = z
  .object({
    maxFlaggedPercent: z.number().int().min(1).max(100).describe('a month with more of its conversions carrying fraud flags than this puts the partner AT_RISK'),
    minConversions: z.number().int().min(1).max(100_000).default(5).describe('months with fewer conversions are not judged'),
  })
  .strict()
  .describe('quality flag: AT_RISK when too many of a month\'s conversions are flagged; back after a clean month');
export type QualityPolicy = z.infer<typeof qualityPolicySchema>;

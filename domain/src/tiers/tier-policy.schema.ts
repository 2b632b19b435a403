import { z } from 'zod';
import { tierNameSchema } from '../commissions/commission-plan.schema';
import { currencyCodeSchema } from '../money/currency';
import { measuredThresholdProblems, performanceMeasureSchema, thresholdSchema, thresholdValue } from './performance-measure';

/**
 * A program's partner tiers (e.g. bronze / silver / gold): the ladder, what it measures and over
 * which calendar period. The lifecycle workflow evaluates it at the end of every period (a
 * partner below its tier's minimum moves down to the level the period qualifies for, one above a
 * higher minimum moves up) and on milestones (a higher level reached early promotes at once;
 * demotion waits for the period's end). Pricing per tier is the commission plan's `tiers`/`byTier`:
 * use the same names.
 */

export const TIER_PERIODS = ['month', 'quarter'] as const;
export const tierPeriodSchema = z.enum(TIER_PERIODS).describe('calendar period (UTC) a tier is earned over');
export type TierPeriod = z.infer<typeof tierPeriodSchema>;

export const tierLevelSchema = z
  .object({
    name: tierNameSchema,
    minimum: thresholdSchema.describe('what a period must reach for this tier ("0" for an entry tier every partner starts in)'),
  })
  .strict();

export const tierPolicySchema = z
  .object({
    measure: performanceMeasureSchema,
    currency: currencyCodeSchema.optional().describe('the currency revenue is counted in (required for referred_revenue)'),
    period: tierPeriodSchema.default('month'),
    levels: z.array(tierLevelSchema).min(1).max(10).describe('lowest first, each minimum above the one before'),
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const problem of measuredThresholdProblems(policy, undefined, [])) ctx.addIssue({ code: 'custom', ...problem });
    const seen = new Set<string>();
    policy.levels.forEach((level, index) => {
      for (const problem of measuredThresholdProblems(policy, level.minimum, ['levels', index, 'minimum'])) {
        if (problem.path[0] !== 'currency') ctx.addIssue({ code: 'custom', ...problem });
      }
      if (seen.has(level.name)) ctx.addIssue({ code: 'custom', path: ['levels', index, 'name'], message: `tier "${level.name}" is listed twice` });
      seen.add(level.name);
      const previous = policy.levels[index - 1];
      if (previous && comparable(policy) && !(value(level.minimum, policy) > value(previous.minimum, policy))) {
        ctx.addIssue({ code: 'custom', path: ['levels', index, 'minimum'], message: `must be above the minimum of "${previous.name}" (${previous.minimum})` });
      }
    });
  })
  .describe('partner tiers: the ladder, its measure and period');

export type TierPolicy = z.infer<typeof tierPolicySchema>;

const comparable = (policy: { measure: string; currency?: string }) => policy.measure === 'conversions' || policy.currency !== undefined;
function value(minimum: string, policy: TierPolicy): bigint {
  try {
    return thresholdValue(minimum, policy);
  } catch {
    return -1n; // (its own problem is reported on its path)
  }
}

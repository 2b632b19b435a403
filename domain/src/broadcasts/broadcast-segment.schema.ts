import { z } from 'zod';
import { currencyCodeSchema } from '../money/currency';
import { decimalAmountSchema } from '../money/decimal';
import { amountProblem } from '../money/money';
import { countryCodeSchema, partnerStageSchema, partnerTypeSchema, type PartnerStage } from '../partners/partner.schema';

/** Partners a broadcast reaches unless its segment names stages: approved and not paused or gone. */
export const REACHABLE_STAGES: PartnerStage[] = ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK'];

const days = z.number().int().min(1).max(3_650).describe('the band looks at the last this many days');

const conversionsBand = z
  .object({
    metric: z.literal('conversions').describe('credited conversions (refunds and chargebacks not counted)'),
    days,
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((band) => band.min !== undefined || band.max !== undefined, { message: 'give min, max or both', path: ['min'] })
  .refine((band) => band.min === undefined || band.max === undefined || band.min <= band.max, { message: 'must not exceed max', path: ['min'] });

const commissionBand = z
  .object({
    metric: z.literal('commission').describe('commission earned (created, not rejected, less reversals) in one currency'),
    days,
    currency: currencyCodeSchema,
    min: decimalAmountSchema().optional(),
    max: decimalAmountSchema().optional(),
  })
  .strict()
  .superRefine((band, ctx) => {
    if (band.min === undefined && band.max === undefined) ctx.addIssue({ code: 'custom', path: ['min'], message: 'give min, max or both' });
    for (const key of ['min', 'max'] as const) {
      const value = band[key];
      const problem = value === undefined ? undefined : amountProblem(value, band.currency);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  });

export const performanceBandSchema = z.discriminatedUnion('metric', [conversionsBand, commissionBand]);
export type PerformanceBand = z.infer<typeof performanceBandSchema>;

/**
 * Which partners of the program a broadcast goes to: every condition given must hold (AND), a
 * list matches any of its values (OR). Resolved when the broadcast starts sending, never before.
 */
export const broadcastSegmentSchema = z
  .object({
    partnerIds: z.array(z.string().min(1).max(64)).min(1).max(10_000).optional().describe('only these partners'),
    types: z.array(partnerTypeSchema).min(1).optional(),
    stages: z.array(partnerStageSchema).min(1).default(REACHABLE_STAGES).describe('default: ACTIVE, PRODUCING, CONSISTENT, AT_RISK'),
    countries: z.array(countryCodeSchema).min(1).max(250).optional(),
    performance: z.array(performanceBandSchema).min(1).max(5).optional().describe('performance bands, all of which must hold'),
  })
  .strict();

export type BroadcastSegment = z.infer<typeof broadcastSegmentSchema>;

import { z } from 'zod';
import { ipRangeProblem } from './ip-range';

/**
 * Thresholds for the fraud signals checked when a conversion is ingested. A signal only flags a
 * conversion for review — it is still recorded and attributed — so the defaults lean towards
 * catching too much rather than too little. Every field has a default: `{}` is a working config.
 */

/** Bounds a config document; a larger list belongs in aggregated ranges, not one entry per address. */
export const MAX_LISTED_IP_RANGES = 50_000;

const spikeSchema = z
  .object({
    factor: z
      .number()
      .min(1)
      .max(1000)
      .default(3)
      .describe("flag when the last 24 hours' conversions exceed this many times the partner's own daily average"),
    minConversions: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('a day with fewer conversions than this is never a spike, whatever the average'),
    baselineDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(28)
      .describe('how many days before the last 24 hours make up the daily average'),
  })
  .strict();

export const fraudConfigSchema = z
  .object({
    minClickToConversionSeconds: z
      .number()
      .int()
      .min(0)
      .default(10)
      .describe('flag a conversion that comes sooner than this after its winning click; 0 turns the check off'),
    maxConversionsPerIpPerDay: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('flag when one customer IP has more conversions than this in 24 hours'),
    maxConversionsPerDevicePerDay: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe("flag when one device (the click cookie's visitor id) has more conversions than this in 24 hours"),
    spike: spikeSchema
      .prefault({})
      .describe("a partner's conversions in the last 24 hours against its own daily average before that"),
    listedIpRanges: z
      .array(
        z
          .string()
          .trim()
          .superRefine((cidr, ctx) => {
            const problem = ipRangeProblem(cidr);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
      )
      .max(MAX_LISTED_IP_RANGES)
      .default([])
      .describe('CIDR ranges (IPv4 or IPv6) of data centres and anonymising networks; a click or conversion from one is flagged'),
  })
  .strict();

export type FraudConfig = z.infer<typeof fraudConfigSchema>;
export type FraudConfigInput = z.input<typeof fraudConfigSchema>;

/** What a program without a fraud config runs with. */
export const DEFAULT_FRAUD_CONFIG: FraudConfig = fraudConfigSchema.parse({});

import { z } from 'zod';

/** Why a conversion was flagged for review. Flags never drop a conversion; a person decides. */
export const FRAUD_FLAG_CODES = [
  'self_referral',
  'fast_conversion',
  'ip_velocity',
  'device_velocity',
  'conversion_spike',
  'listed_ip_range',
] as const;
export const fraudFlagCodeSchema = z.enum(FRAUD_FLAG_CODES);
export type FraudFlagCode = z.infer<typeof fraudFlagCodeSchema>;

export const fraudFlagSchema = z.object({
  code: fraudFlagCodeSchema,
  message: z.string().describe('what was seen, with the numbers, for the reviewer'),
  evidence: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .describe('the figures behind the flag; never raw emails or IP addresses'),
});
export type FraudFlag = z.infer<typeof fraudFlagSchema>;

/**
 * What the api knows about a conversion when it ingests it, gathered from the database. A check
 * whose facts are absent is skipped, so a caller that cannot count something yet loses only that
 * check. Counts exclude the conversion being evaluated.
 */
export interface FraudFacts {
  conversionAt: Date;
  /** As the event or postback gave them: `ip` raw, `ipHash` salted like the partner's known hashes. */
  customer: { email?: string; ip?: string; ipHash?: string };
  partner: { id: string; email: string; knownIpHashes: readonly string[] };
  /** The credited click, if any. */
  winningClickAt?: Date;
  /** Decided at redirect time, while the click's raw IP was still known. */
  clickFromListedRange?: boolean;
  /** Other conversions of this program from the same customer IP hash in the last 24 hours. */
  conversionsFromIpLast24h?: number;
  /** Same, for the click cookie's visitor id. */
  conversionsFromDeviceLast24h?: number;
  /** This partner's other conversions in the last 24 hours. */
  partnerConversionsLast24h?: number;
  /**
   * This partner's conversions in the `days` before the last 24 hours: `spike.baselineDays`, or
   * fewer for a partner that has not been active that long (days may be fractional). A partner
   * active less than a day before the last 24 hours has no baseline: pass `{ days: 0, count: 0 }`.
   */
  partnerConversionsBaseline?: { days: number; count: number };
}

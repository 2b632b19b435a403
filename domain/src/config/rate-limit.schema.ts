import { z } from 'zod';

/** A token bucket: up to `capacity` requests at once, refilled evenly over `perSeconds`. */
export interface RateLimitSpec {
  capacity: number;
  perSeconds: number;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/**
 * A rate limit as an operator writes it: `<requests>/<window>` (`20/15m`, `2000/1s`, `5/1h`), or
 * `off`. The bucket holds `<requests>` and refills that many per window, so a burst of the full
 * amount is allowed once and the sustained rate is requests ÷ window.
 */
export const rateLimitSpec = z
  .string()
  .trim()
  .transform((value, ctx): RateLimitSpec | null => {
    if (value === 'off') return null;
    const match = /^(\d{1,9})\/(\d{1,6})([smhd])$/.exec(value);
    const capacity = Number(match?.[1]);
    const perSeconds = Number(match?.[2]) * UNIT_SECONDS[(match?.[3] ?? 's') as keyof typeof UNIT_SECONDS];
    if (!match || capacity < 1 || perSeconds < 1) {
      ctx.addIssue({ code: 'custom', message: 'must be <requests>/<window> such as 20/15m (units s, m, h, d), or off' });
      return z.NEVER;
    }
    return { capacity, perSeconds };
  });

import { z } from 'zod';

/**
 * How an endpoint's deliveries are retried and when continuous failure disables it. Stored with
 * the endpoint, so a delivery workflow started under one policy keeps it (the workflow input).
 */
export const webhookRetryPolicySchema = z
  .object({
    initialIntervalSeconds: z.number().int().min(1).max(3_600).default(30).describe('wait before the first retry; doubled after each failure'),
    maxIntervalSeconds: z.number().int().min(1).max(86_400).default(3_600).describe('the longest wait between two attempts'),
    forMinutes: z.number().int().min(1).max(43_200).default(4_320).describe('retries stop this long after the first attempt (default 3 days)'),
  })
  .strict();

export const webhookDisablePolicySchema = z
  .object({
    afterFailedAttempts: z.number().int().min(1).max(10_000).default(20).describe('consecutive failed attempts (any delivery) before the endpoint is disabled'),
    afterMinutesFailing: z.number().int().min(0).max(43_200).default(1_440).describe('…and at least this long since the last success (default 24 h)'),
  })
  .strict();

export const webhookEndpointPolicySchema = z
  .object({
    retry: webhookRetryPolicySchema.default(webhookRetryPolicySchema.parse({})),
    disable: webhookDisablePolicySchema.default(webhookDisablePolicySchema.parse({})),
  })
  .strict();

export type WebhookRetryPolicy = z.infer<typeof webhookRetryPolicySchema>;
export type WebhookDisablePolicy = z.infer<typeof webhookDisablePolicySchema>;
export type WebhookEndpointPolicy = z.infer<typeof webhookEndpointPolicySchema>;

export const DEFAULT_WEBHOOK_POLICY: WebhookEndpointPolicy = webhookEndpointPolicySchema.parse({});

/** A stored policy, read defensively: a row written by an older version gets today's defaults for what it lacks. */
export function webhookPolicyOf(stored: unknown): WebhookEndpointPolicy {
  return webhookEndpointPolicySchema.safeParse(stored ?? {}).data ?? DEFAULT_WEBHOOK_POLICY;
}

/** Exponential backoff: the wait after failed attempt `attempt` (1-based), capped. */
export function webhookRetryDelayMs(policy: WebhookRetryPolicy, attempt: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(policy.initialIntervalSeconds * 1000 * 2 ** exponent, policy.maxIntervalSeconds * 1000);
}

/** Whether another attempt fits in the retry period: `startedAt` is the first attempt's time. */
export function webhookRetryFits(policy: WebhookRetryPolicy, startedAtMs: number, nextAttemptAtMs: number): boolean {
  return nextAttemptAtMs <= startedAtMs + policy.forMinutes * 60_000;
}

/** The endpoint's failure streak after an attempt: every delivery to it failing, counted across deliveries. */
export interface WebhookFailureStreak {
  consecutiveFailures: number;
  failingSince: Date | null;
}

/** Continuous failure: enough failed attempts in a row, spread over long enough (a success resets both). */
export function webhookEndpointShouldBeDisabled(streak: WebhookFailureStreak, policy: WebhookDisablePolicy, now: Date): boolean {
  if (!streak.failingSince || streak.consecutiveFailures < policy.afterFailedAttempts) return false;
  return now.getTime() - streak.failingSince.getTime() >= policy.afterMinutesFailing * 60_000;
}

export function webhookDisabledReason(streak: WebhookFailureStreak): string {
  const since = streak.failingSince ? ` since ${streak.failingSince.toISOString()}` : '';
  return `${streak.consecutiveFailures} consecutive failed delivery attempts${since}`;
}

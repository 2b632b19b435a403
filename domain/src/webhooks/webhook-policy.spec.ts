import {
  DEFAULT_WEBHOOK_POLICY,
  webhookEndpointPolicySchema,
  webhookEndpointShouldBeDisabled,
  webhookPolicyOf,
  webhookRetryDelayMs,
  webhookRetryFits,
} from './webhook-policy';
import { createWebhookEndpointSchema } from './webhook-endpoint.schema';

describe('webhook retry policy', () => {
  const retry = { initialIntervalSeconds: 30, maxIntervalSeconds: 3_600, forMinutes: 4_320 };

  it('doubles the wait after each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4, 7, 8, 50].map((attempt) => webhookRetryDelayMs(retry, attempt) / 1000)).toEqual([30, 60, 120, 240, 1_920, 3_600, 3_600]);
  });

  it('retries only while the next attempt falls inside the retry period', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    expect(webhookRetryFits(retry, start, start + 4_320 * 60_000)).toBe(true);
    expect(webhookRetryFits(retry, start, start + 4_320 * 60_000 + 1)).toBe(false);
  });

  it('fills defaults, and reads a stored policy defensively', () => {
    expect(webhookEndpointPolicySchema.parse({ retry: { initialIntervalSeconds: 1 } })).toEqual({
      retry: { initialIntervalSeconds: 1, maxIntervalSeconds: 3_600, forMinutes: 4_320 },
      disable: DEFAULT_WEBHOOK_POLICY.disable,
    });
    expect(webhookPolicyOf(null)).toEqual(DEFAULT_WEBHOOK_POLICY);
    expect(webhookPolicyOf({ retry: 'nonsense' })).toEqual(DEFAULT_WEBHOOK_POLICY);
  });
});

describe('disabling an endpoint that keeps failing', () => {
  const policy = { afterFailedAttempts: 5, afterMinutesFailing: 60 };
  const now = new Date('2026-01-01T12:00:00Z');
  const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it('needs both: enough failed attempts in a row, and failing for long enough', () => {
    expect(webhookEndpointShouldBeDisabled({ consecutiveFailures: 5, failingSince: since(60) }, policy, now)).toBe(true);
    expect(webhookEndpointShouldBeDisabled({ consecutiveFailures: 4, failingSince: since(600) }, policy, now)).toBe(false);
    expect(webhookEndpointShouldBeDisabled({ consecutiveFailures: 500, failingSince: since(59) }, policy, now)).toBe(false);
    expect(webhookEndpointShouldBeDisabled({ consecutiveFailures: 0, failingSince: null }, policy, now)).toBe(false);
  });
});

describe('an endpoint registration', () => {
  const valid = { url: 'https://hooks.example.com/partnerflow', events: ['commission.approved'] };

  it('takes an http(s) URL and known event names, each once', () => {
    expect(createWebhookEndpointSchema.safeParse(valid).success).toBe(true);
    const issues = (body: object) => createWebhookEndpointSchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.'));
    expect(issues({ ...valid, url: 'ftp://example.com/x' })).toEqual(['url']);
    expect(issues({ ...valid, events: ['commission.approve'] })).toEqual(['events.0']);
    expect(issues({ ...valid, events: ['payout.paid', 'payout.paid'] })).toEqual(['events']);
    expect(issues({ ...valid, events: [] })).toEqual(['events']);
    expect(issues({ ...valid, retry: { forMinutes: 0 } })).toEqual(['retry.forMinutes']);
  });
});

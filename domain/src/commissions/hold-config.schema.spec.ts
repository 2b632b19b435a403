import { DEFAULT_HOLD_CONFIG } from '../configs/default-configs';
import { holdConfigSchema, holdDaysFor, holdDecision } from './hold-config.schema';

const problemsOf = (document: unknown) => {
  const result = holdConfigSchema.safeParse(document);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('hold config', () => {
  const config = holdConfigSchema.parse(DEFAULT_HOLD_CONFIG);

  it('holds money events 30 days and approves leads and signups at once by default', () => {
    expect(holdConfigSchema.parse({})).toEqual({
      defaultDays: 30,
      daysByType: {},
      flagged: { type: 'manual_review', reminderHours: 24, onExpiry: 'keep_waiting' },
      negativeBalance: 'carry_over',
    });
    expect([holdDaysFor(config, 'sale'), holdDaysFor(config, 'signup'), holdDaysFor(config, 'trade')]).toEqual([30, 0, 30]);
  });

  it('releases at the end of the hold, counted from when the conversion occurred, unless flagged for review', () => {
    const occurredAt = new Date('2026-03-15T12:00:00Z');
    expect(holdDecision(config, { type: 'sale', occurredAt, flagged: false })).toEqual({ type: 'release_at', releaseAt: new Date('2026-04-14T12:00:00Z'), holdDays: 30 });
    expect(holdDecision(config, { type: 'sale', occurredAt, flagged: true })).toEqual({
      type: 'manual_review',
      policy: { type: 'manual_review', reminderHours: 24, expireAfterHours: 168, onExpiry: 'keep_waiting' },
    });
    const asUsual = holdConfigSchema.parse({ flagged: { type: 'hold_as_usual' } });
    expect(holdDecision(asUsual, { type: 'signup', occurredAt, flagged: true })).toMatchObject({ type: 'release_at', holdDays: 30 });
  });

  it('names the field to fix', () => {
    expect(problemsOf({ daysByType: { refund: 3 } })).toEqual(['daysByType: Unrecognized key: "refund"']);
    expect(problemsOf({ defaultDays: 400 })[0]).toMatch(/^defaultDays: /);
    expect(problemsOf({ flagged: { type: 'manual_review', reminderHours: 48, expireAfterHours: 24 } })).toEqual([
      'flagged.expireAfterHours: must be later than reminderHours, or the reminder is never sent',
    ]);
    expect(problemsOf({ flagged: { type: 'manual_review', onExpiry: 'approve' } })).toEqual([
      'flagged.expireAfterHours: is required for onExpiry "approve": say after how many hours',
    ]);
    expect(problemsOf({ negativeBalance: 'forgive' })[0]).toMatch(/^negativeBalance: /);
  });
});

import {
  deadlineDecision,
  reapplyAllowedFrom,
  reviewMilestones,
  reviewPolicyOf,
  reviewSchedule,
} from './review-policy';
import { reviewPolicySchema, screeningConfigSchema } from './screening-config.schema';

const HOUR_MS = 3_600_000;
const rules = [{ type: 'min_audience', min: 1000, outcome: 'review' }];

describe('screening config: review section', () => {
  it('keeps a config stored before the review section existed valid, with the default policy', () => {
    const config = screeningConfigSchema.parse({ rules, whenAllRulesPass: 'approve' });
    expect(config.review).toBeUndefined();
    expect(reviewPolicyOf(config)).toEqual({
      reviewerEmails: [],
      remindAfterHours: 24,
      escalateAfterHours: 72,
      escalationEmails: [],
      onDeadline: 'keep_waiting',
    });
  });

  it('fills what a partial section leaves out and lower-cases the addresses', () => {
    const config = screeningConfigSchema.parse({ rules, review: { reviewerEmails: ['Team@Acme.test'], deadlineHours: 120 } });
    expect(reviewPolicyOf(config)).toMatchObject({
      reviewerEmails: ['team@acme.test'],
      remindAfterHours: 24,
      deadlineHours: 120,
      onDeadline: 'keep_waiting',
    });
  });

  it('names each problem by its path', () => {
    const result = screeningConfigSchema.safeParse({
      rules,
      review: { reviewerEmails: ['nobody'], remindAfterHours: 48, escalateAfterHours: 24, onDeadline: 'shrug' },
      reapplyAfterDays: -1,
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'reapplyAfterDays',
      'review.onDeadline',
      'review.reviewerEmails.0',
    ]);
    // (the order check runs once the fields themselves are valid)
    const order = reviewPolicySchema.safeParse({ remindAfterHours: 48, escalateAfterHours: 24 });
    expect(order.error?.issues).toEqual([expect.objectContaining({ path: ['escalateAfterHours'], message: 'must be later than remindAfterHours' })]);
  });
});

describe('review timers', () => {
  const start = Date.UTC(2026, 0, 1);

  it('schedules reminder, escalation and deadline from the start, earliest first', () => {
    const policy = reviewPolicySchema.parse({ remindAfterHours: 24, escalateAfterHours: 72, deadlineHours: 48, onDeadline: 'approve' });
    const schedule = reviewSchedule(policy, start);
    expect(schedule).toEqual({ remindAt: start + 24 * HOUR_MS, escalateAt: start + 72 * HOUR_MS, deadlineAt: start + 48 * HOUR_MS });
    expect(reviewMilestones(schedule).map((m) => m.kind)).toEqual(['reminder', 'deadline', 'escalation']);
    expect(reviewMilestones(reviewSchedule(reviewPolicySchema.parse({}), start)).map((m) => m.kind)).toEqual(['reminder', 'escalation']);
  });

  it('decides at the deadline only when the policy says approve or reject', () => {
    expect(deadlineDecision(reviewPolicySchema.parse({ deadlineHours: 96, onDeadline: 'approve' }))).toEqual({
      decision: 'approve',
      reason: 'no review decision within 96 hours: approved automatically',
      reviewerId: 'deadline',
    });
    expect(deadlineDecision(reviewPolicySchema.parse({ deadlineHours: 96, onDeadline: 'reject' }))?.decision).toBe('reject');
    expect(deadlineDecision(reviewPolicySchema.parse({ deadlineHours: 96 }))).toBeUndefined();
    expect(deadlineDecision(reviewPolicySchema.parse({ onDeadline: 'reject' }))).toBeUndefined();
  });
});

describe('reapplyAllowedFrom', () => {
  const rejectedAt = new Date('2026-03-01T12:00:00.000Z');

  it('adds the configured cool-off, 30 days by default, and the default for a document that does not parse', () => {
    expect(reapplyAllowedFrom(rejectedAt, { rules, reapplyAfterDays: 7 }).toISOString()).toBe('2026-03-08T12:00:00.000Z');
    expect(reapplyAllowedFrom(rejectedAt, { rules, reapplyAfterDays: 0 })).toEqual(rejectedAt);
    expect(reapplyAllowedFrom(rejectedAt, { rules }).toISOString()).toBe('2026-03-31T12:00:00.000Z');
    expect(reapplyAllowedFrom(rejectedAt, { nonsense: true }).toISOString()).toBe('2026-03-31T12:00:00.000Z');
  });
});

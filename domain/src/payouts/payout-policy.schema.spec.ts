import { validateConfigDocument } from '../configs/config-kinds';
import { DEFAULT_PAYOUT_POLICY, payoutPolicySchema } from './payout-policy.schema';

describe('payout policy schema', () => {
  it('fills in every default from an empty document', () => {
    const policy = payoutPolicySchema.parse({});
    expect(policy).toMatchObject({
      currency: 'EUR',
      timeZone: 'UTC',
      schedule: { type: 'monthly', dayOfMonth: 1, hour: 6 },
      methods: { manual: { provider: 'manual', minimum: '50.00' } },
      approval: { autoApproveBelow: '100.00', manualForFirstPayout: true, manualWhenFraudFlags: true, onNoApproval: 'remind', remindAfterHours: 24, escalateAfterHours: 72 },
      methodChangeHoldHours: 48,
      pendingPollMinutes: 60,
    });
    expect(policy.form1099Thresholds.schedule).toEqual([
      { fromYear: 1990, amount: '600.00' },
      { fromYear: 2026, amount: '2000.00' },
    ]);
  });

  it('accepts the three schedule types in a named time zone', () => {
    for (const schedule of [
      { type: 'monthly', dayOfMonth: 15 },
      { type: 'weekly', weekday: 'friday', hour: 9 },
      { type: 'net_days', period: 'month', days: 30 },
    ]) {
      expect(payoutPolicySchema.safeParse({ timeZone: 'America/New_York', schedule }).success).toBe(true);
    }
  });

  it('names the field of every problem', () => {
    const result = validateConfigDocument('payout', {
      currency: 'JPY',
      timeZone: 'Mars/Olympus',
      schedule: { type: 'monthly', dayOfMonth: 31 },
      methods: { paypal: { provider: 'paypal', minimum: '10.50' } },
      approval: { autoApproveBelow: '1000', twoApproversFrom: '500', remindAfterHours: 48, escalateAfterHours: 24, onNoApproval: 'skip' },
    });
    expect(result.valid).toBe(false);
    const paths = result.valid ? [] : result.problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'schedule.dayOfMonth']));
  });

  it('checks amounts against the currency and the limits against each other', () => {
    const result = validateConfigDocument('payout', {
      currency: 'JPY',
      methods: { paypal: { provider: 'paypal', minimum: '10.50' } },
      approval: { autoApproveBelow: '1000', twoApproversFrom: '500', remindAfterHours: 48, escalateAfterHours: 24, onNoApproval: 'skip' },
    });
    expect(result.valid ? [] : result.problems).toEqual([
      { path: 'methods.paypal.minimum', message: 'must be a whole number: JPY has no minor unit' },
      { path: 'approval.twoApproversFrom', message: 'must not be below autoApproveBelow' },
      { path: 'approval.escalateAfterHours', message: 'must be later than remindAfterHours' },
      { path: 'approval.skipAfterHours', message: 'is required with onNoApproval "skip": say after how many hours' },
    ]);
  });

  it('refuses an empty set of methods and unknown providers', () => {
    expect(validateConfigDocument('payout', { methods: {} })).toMatchObject({ valid: false, problems: [{ path: 'methods' }] });
    expect(validateConfigDocument('payout', { methods: { manual: { provider: 'cash', minimum: '1.00' } } })).toMatchObject({
      valid: false,
      problems: [{ path: 'methods.manual.provider' }],
    });
  });

  it('ships a valid built-in default', () => {
    expect(payoutPolicySchema.safeParse(DEFAULT_PAYOUT_POLICY).success).toBe(true);
  });
});

import { evaluatePayout, type PayoutCandidate } from './payout-gates';
import { approvalRequirement } from './payout-approval-rules';
import { payoutPolicySchema } from './payout-policy.schema';

const policy = payoutPolicySchema.parse({
  methods: { paypal: { provider: 'paypal', minimum: '50.00' }, manual: { provider: 'manual', minimum: '20.00' } },
  approval: { autoApproveBelow: '100.00', twoApproversFrom: '1000.00' },
});
const now = new Date('2026-11-22T10:00:00Z');
const ready: PayoutCandidate = {
  amountMinor: 7_500n,
  currency: 'EUR',
  partner: { country: 'DE' },
  taxProfile: { formType: 'w8ben', usPerson: false, signedAt: new Date('2025-02-01T00:00:00Z') },
  method: { type: 'paypal', changedAt: new Date('2026-10-01T00:00:00Z') },
  openFraudFlags: 0,
  paidBefore: true,
};

describe('payout gates', () => {
  it('approves a paid-before partner below the auto-approval limit', () => {
    expect(evaluatePayout(policy, ready, now)).toEqual({
      status: 'approved',
      statusReason: null,
      approvalsRequired: 0,
      approvalReasons: [],
      method: 'paypal',
      provider: 'paypal',
      gates: {
        minimum: { outcome: 'passed', reason: '75.00 EUR is at least the minimum of 50.00 EUR' },
        tax: { outcome: 'passed', reason: 'W-8BEN on file, signed on 2025-02-01' },
        payoutMethod: { outcome: 'passed', reason: 'PayPal, paid through paypal' },
        fraud: { outcome: 'passed', reason: 'no open fraud flags' },
      },
    });
  });

  it('carries over below the method minimum, and a negative balance, saying why', () => {
    const below = evaluatePayout(policy, { ...ready, amountMinor: 4_999n }, now);
    expect(below).toMatchObject({ status: 'carried_over', statusReason: 'your balance of 49.99 EUR is below the minimum payout of 50.00 EUR for PayPal: it carries over to the next payout' });
    const manual = evaluatePayout(policy, { ...ready, amountMinor: 4_999n, method: { type: 'manual', changedAt: new Date('2026-01-01') } }, now);
    expect(manual.status).toBe('approved');
    const negative = evaluatePayout(policy, { ...ready, amountMinor: -1_000n }, now);
    expect(negative).toMatchObject({ status: 'carried_over', statusReason: expect.stringContaining('negative (-10.00 EUR)') });
  });

  it('holds without a valid tax form, naming what is missing', () => {
    const noForm = evaluatePayout(policy, { ...ready, taxProfile: null }, now);
    expect(noForm).toMatchObject({ status: 'held', gates: { tax: { outcome: 'failed' } } });
    expect(noForm.statusReason).toContain('W-8BEN');
    const us = evaluatePayout(policy, { ...ready, partner: { country: 'US' }, taxProfile: null }, now);
    expect(us.statusReason).toContain('W-9');
    const expired = evaluatePayout(policy, { ...ready, taxProfile: { formType: 'w8ben', usPerson: false, signedAt: new Date('2022-05-01') } }, now);
    expect(expired.statusReason).toContain('expired on 2025-12-31');
    const w9 = evaluatePayout(policy, { ...ready, partner: { country: 'US' }, taxProfile: { formType: 'w9', usPerson: true, signedAt: new Date('2019-01-01') } }, now);
    expect(w9.status).toBe('approved');
  });

  it('holds without a payout method, with one the program does not pay, or one changed in the last 48 hours', () => {
    expect(evaluatePayout(policy, { ...ready, method: null }, now)).toMatchObject({ status: 'held', statusReason: 'no payout method on file: add one to be paid' });
    expect(evaluatePayout(policy, { ...ready, method: { type: 'stripe', changedAt: new Date('2026-01-01') } }, now).statusReason).toContain('does not pay by Stripe');
    const changed = evaluatePayout(policy, { ...ready, method: { type: 'paypal', changedAt: new Date('2026-11-21T10:00:01Z') } }, now);
    expect(changed).toMatchObject({ status: 'held', gates: { payoutMethod: { outcome: 'failed' } } });
    expect(changed.statusReason).toContain('account takeover');
    expect(evaluatePayout(policy, { ...ready, method: { type: 'paypal', changedAt: new Date('2026-11-20T10:00:00Z') } }, now).status).toBe('approved');
  });

  it('tells every stop at once: tax form and payout method', () => {
    const both = evaluatePayout(policy, { ...ready, taxProfile: null, method: null }, now);
    expect(both.statusReason?.split('; ')).toHaveLength(2);
  });

  it('routes open fraud flags and first payouts to a person', () => {
    const flagged = evaluatePayout(policy, { ...ready, openFraudFlags: 2 }, now);
    expect(flagged).toMatchObject({ status: 'awaiting_approval', approvalsRequired: 1, gates: { fraud: { outcome: 'flagged' } } });
    const first = evaluatePayout(policy, { ...ready, paidBefore: false }, now);
    expect(first).toMatchObject({ status: 'awaiting_approval', approvalsRequired: 1, approvalReasons: ["the partner's first payout is always approved by a person"] });
  });
});

describe('approval requirement', () => {
  const facts = { firstPayout: false, openFraudFlags: 0 };
  it('follows the amount limits: none below, one from the auto-approval limit, two from the higher one', () => {
    expect(approvalRequirement(policy, { ...facts, amountMinor: 9_999n }).required).toBe(0);
    expect(approvalRequirement(policy, { ...facts, amountMinor: 10_000n }).required).toBe(1);
    expect(approvalRequirement(policy, { ...facts, amountMinor: 99_999n }).required).toBe(1);
    expect(approvalRequirement(policy, { ...facts, amountMinor: 100_000n })).toEqual({ required: 2, reasons: ['1000.00 EUR is at least 1000.00 EUR: two different approvers'] });
    expect(approvalRequirement(policy, { ...facts, amountMinor: 100_000n, firstPayout: true }).required).toBe(2);
  });

  it('lets the policy turn the always-manual rules off', () => {
    const lenient = payoutPolicySchema.parse({ approval: { manualForFirstPayout: false, manualWhenFraudFlags: false } });
    expect(approvalRequirement(lenient, { amountMinor: 100n, firstPayout: true, openFraudFlags: 3 })).toEqual({ required: 0, reasons: [] });
  });
});

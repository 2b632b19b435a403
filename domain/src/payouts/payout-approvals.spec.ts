import { applyPayoutDecision, checkPayoutDecision, type AwaitingPayout } from './payout-approvals';

const waiting = (): Map<string, AwaitingPayout> =>
  new Map([
    ['pay_a', { payoutId: 'pay_a', approvalsRequired: 1, approvedBy: [] }],
    ['pay_b', { payoutId: 'pay_b', approvalsRequired: 2, approvedBy: [] }],
  ]);

describe('payout approvals', () => {
  it('approves all waiting payouts; a two-approver payout waits for someone else', () => {
    const awaiting = waiting();
    const request = { decision: 'approve' as const, approverId: 'key_alice' };
    const check = checkPayoutDecision(awaiting, request);
    if (!check.ok) throw new Error(check.problem);
    expect(applyPayoutDecision(awaiting, check.targets, request)).toEqual({ approved: ['pay_a'], awaitingAnotherApproval: ['pay_b'], rejected: [] });
    expect(checkPayoutDecision(awaiting, request)).toEqual({ ok: false, problem: 'you already approved every payout waiting: the other approvals must come from someone else' });
    expect(checkPayoutDecision(awaiting, { ...request, payoutIds: ['pay_b'] })).toEqual({
      ok: false,
      problem: 'you already approved pay_b: the other approval must come from someone else',
    });
    const bob = { decision: 'approve' as const, approverId: 'key_bob', payoutIds: ['pay_b'] };
    const second = checkPayoutDecision(awaiting, bob);
    if (!second.ok) throw new Error(second.problem);
    expect(applyPayoutDecision(awaiting, second.targets, bob)).toEqual({ approved: ['pay_b'], awaitingAnotherApproval: [], rejected: [] });
    expect(awaiting.size).toBe(0);
    expect(checkPayoutDecision(awaiting, bob)).toEqual({ ok: false, problem: 'not waiting for approval in this run: pay_b' });
  });

  it('rejects chosen payouts with a reason, and refuses a rejection without one', () => {
    const awaiting = waiting();
    expect(checkPayoutDecision(awaiting, { decision: 'reject', approverId: 'key_alice' })).toEqual({ ok: false, problem: 'a rejection needs a reason' });
    const request = { decision: 'reject' as const, approverId: 'key_alice', reason: 'duplicate account', payoutIds: ['pay_a'] };
    const check = checkPayoutDecision(awaiting, request);
    if (!check.ok) throw new Error(check.problem);
    expect(applyPayoutDecision(awaiting, check.targets, request)).toEqual({ approved: [], awaitingAnotherApproval: [], rejected: ['pay_a'] });
    expect([...awaiting.keys()]).toEqual(['pay_b']);
  });

  it('refuses payouts that are not waiting and an empty run', () => {
    expect(checkPayoutDecision(waiting(), { decision: 'approve', approverId: 'k', payoutIds: ['pay_x', 'pay_a'] })).toEqual({ ok: false, problem: 'not waiting for approval in this run: pay_x' });
    expect(checkPayoutDecision(new Map(), { decision: 'approve', approverId: 'k' })).toEqual({ ok: false, problem: 'no payout of this run is waiting for approval' });
  });
});

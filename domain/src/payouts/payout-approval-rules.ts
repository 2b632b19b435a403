import { formatAmount, parseAmount } from '../money/money';
import type { PayoutPolicy } from './payout-policy.schema';

export interface ApprovalFacts {
  amountMinor: bigint;
  firstPayout: boolean;
  openFraudFlags: number;
}

export interface ApprovalRequirement {
  /** 0: approved by the policy; 1: one finance approval; 2: two distinct approvers. */
  required: 0 | 1 | 2;
  /** Why, one line per rule that applied (empty when approved by the policy). */
  reasons: string[];
}

/**
 * How many people must approve a payout: the amount limits first (auto-approval below one, two
 * approvers from the other), then the rules that always want a person — a partner's first payout
 * and a partner with open fraud flags — raise an automatic approval to one.
 */
export function approvalRequirement(policy: PayoutPolicy, facts: ApprovalFacts): ApprovalRequirement {
  const { approval, currency } = policy;
  const text = (minor: bigint) => `${formatAmount(minor, currency)} ${currency}`;
  const autoBelow = parseAmount(approval.autoApproveBelow, currency);
  const twoFrom = approval.twoApproversFrom === undefined ? undefined : parseAmount(approval.twoApproversFrom, currency);
  const reasons: string[] = [];
  let required: 0 | 1 | 2 = 0;
  if (twoFrom !== undefined && facts.amountMinor >= twoFrom) {
    required = 2;
    reasons.push(`${text(facts.amountMinor)} is at least ${text(twoFrom)}: two different approvers`);
  } else if (facts.amountMinor >= autoBelow) {
    required = 1;
    reasons.push(`${text(facts.amountMinor)} is at least the auto-approval limit of ${text(autoBelow)}`);
  }
  if (facts.firstPayout && approval.manualForFirstPayout) {
    reasons.push("the partner's first payout is always approved by a person");
    if (required === 0) required = 1;
  }
  if (facts.openFraudFlags > 0 && approval.manualWhenFraudFlags) {
    reasons.push(`the partner has ${facts.openFraudFlags} commission(s) under fraud review`);
    if (required === 0) required = 1;
  }
  return { required, reasons: required === 0 ? [] : reasons };
}

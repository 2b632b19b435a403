import { formatAmount, parseAmount } from '../money/money';
import { taxFormProblem } from '../tax/tax-form-gate';
import type { TaxFormType } from '../tax/tax-profile.schema';
import { approvalRequirement } from './payout-approval-rules';
import type { PaymentProviderName, PayoutMethodType, PayoutPolicy } from './payout-policy.schema';

/**
 * What a payout run decides for one partner's approved balance: the gates it passes (minimum,
 * tax form, payout method, fraud) and, when none stops it, how many approvals it needs. Pure:
 * the run's activity gathers the facts, this decides, and the reasons are what partners and
 * finance read.
 */

export interface PayoutCandidate {
  /** The partner's unpaid approved balance up to the cutoff, in the payout currency. */
  amountMinor: bigint;
  currency: string;
  partner: { country: string };
  taxProfile: { formType: TaxFormType; usPerson: boolean; signedAt: Date } | null;
  method: { type: PayoutMethodType; changedAt: Date } | null;
  /** Open commission reviews (flagged conversions) of the partner. */
  openFraudFlags: number;
  /** A payout to this partner has been paid before. */
  paidBefore: boolean;
}

/** `flagged`: not a stop, but a person must look (approval becomes manual). */
export type GateOutcome = 'passed' | 'failed' | 'flagged';
export interface GateResult {
  outcome: GateOutcome;
  reason: string;
}
export interface PayoutGates {
  minimum: GateResult;
  tax: GateResult;
  payoutMethod: GateResult;
  fraud: GateResult;
}

export type GatedPayoutStatus = 'carried_over' | 'held' | 'awaiting_approval' | 'approved';

export interface PayoutDecision {
  status: GatedPayoutStatus;
  /** Why the money does not go out now, in words for the partner; null when it goes. */
  statusReason: string | null;
  gates: PayoutGates;
  approvalsRequired: number;
  approvalReasons: string[];
  method: PayoutMethodType | null;
  provider: PaymentProviderName | null;
}

const FORM_LABELS: Record<TaxFormType, string> = { w9: 'W-9', w8ben: 'W-8BEN', w8bene: 'W-8BEN-E' };
export const METHOD_LABELS: Record<PayoutMethodType, string> = { manual: 'manual payment', bank_transfer: 'bank transfer', paypal: 'PayPal', stripe: 'Stripe' };
const HOUR_MS = 3_600_000;

const passed = (reason: string): GateResult => ({ outcome: 'passed', reason });
const failed = (reason: string): GateResult => ({ outcome: 'failed', reason });

/** The tax form rules are the tax profile's (domain/src/tax): a W-9 for US persons, an unexpired W-8 otherwise. */
export function taxGate(candidate: PayoutCandidate, now: Date): GateResult {
  const problem = taxFormProblem(candidate.partner.country, candidate.taxProfile, now);
  if (problem) return failed(problem);
  const profile = candidate.taxProfile as NonNullable<PayoutCandidate['taxProfile']>;
  return passed(`${FORM_LABELS[profile.formType]} on file, signed on ${profile.signedAt.toISOString().slice(0, 10)}`);
}

export function payoutMethodGate(policy: PayoutPolicy, candidate: PayoutCandidate, now: Date): GateResult {
  const { method } = candidate;
  if (!method) return failed('no payout method on file: add one to be paid');
  const settings = policy.methods[method.type];
  if (!settings) return failed(`the program does not pay by ${METHOD_LABELS[method.type]}: choose another payout method`);
  const sinceChange = now.getTime() - method.changedAt.getTime();
  if (sinceChange < policy.methodChangeHoldHours * HOUR_MS) {
    return failed(
      `the payout method was changed at ${method.changedAt.toISOString()}, less than ${policy.methodChangeHoldHours} hours before this run: held to protect you against account takeover`,
    );
  }
  return passed(`${METHOD_LABELS[method.type]}, paid through ${settings.provider}`);
}

/** The method's minimum; without a usable method, the lowest the program has (the balance is held anyway). */
export function minimumFor(policy: PayoutPolicy, method: PayoutMethodType | null): bigint {
  const settings = method ? policy.methods[method] : undefined;
  if (settings) return parseAmount(settings.minimum, policy.currency);
  const minimums = Object.values(policy.methods).map((each) => parseAmount(each.minimum, policy.currency));
  return minimums.reduce((lowest, each) => (each < lowest ? each : lowest), minimums[0] ?? 0n);
}

export function minimumGate(policy: PayoutPolicy, candidate: PayoutCandidate): GateResult {
  const { amountMinor, currency } = candidate;
  const text = (minor: bigint) => `${formatAmount(minor, currency)} ${currency}`;
  if (amountMinor < 0n) return failed(`your balance is negative (${text(amountMinor)}): it carries over and is settled by future commissions`);
  if (amountMinor === 0n) return failed('nothing to pay: approved commissions and reversals add up to zero');
  const minimum = minimumFor(policy, candidate.method?.type ?? null);
  const by = candidate.method && policy.methods[candidate.method.type] ? ` for ${METHOD_LABELS[candidate.method.type]}` : '';
  if (amountMinor < minimum) return failed(`your balance of ${text(amountMinor)} is below the minimum payout of ${text(minimum)}${by}: it carries over to the next payout`);
  return passed(`${text(amountMinor)} is at least the minimum of ${text(minimum)}`);
}

export function fraudGate(candidate: PayoutCandidate): GateResult {
  if (candidate.openFraudFlags === 0) return passed('no open fraud flags');
  return { outcome: 'flagged', reason: `${candidate.openFraudFlags} commission(s) under fraud review: a person approves this payout` };
}

export function evaluatePayout(policy: PayoutPolicy, candidate: PayoutCandidate, now: Date): PayoutDecision {
  const gates: PayoutGates = {
    minimum: minimumGate(policy, candidate),
    tax: taxGate(candidate, now),
    payoutMethod: payoutMethodGate(policy, candidate, now),
    fraud: fraudGate(candidate),
  };
  const method = candidate.method?.type ?? null;
  const provider = method ? (policy.methods[method]?.provider ?? null) : null;
  const base = { gates, method, provider };
  if (gates.minimum.outcome === 'failed') {
    return { ...base, status: 'carried_over', statusReason: gates.minimum.reason, approvalsRequired: 0, approvalReasons: [] };
  }
  const stops = [gates.tax, gates.payoutMethod].filter((gate) => gate.outcome === 'failed');
  if (stops.length > 0) {
    return { ...base, status: 'held', statusReason: stops.map((gate) => gate.reason).join('; '), approvalsRequired: 0, approvalReasons: [] };
  }
  const approval = approvalRequirement(policy, {
    amountMinor: candidate.amountMinor,
    firstPayout: !candidate.paidBefore,
    openFraudFlags: candidate.openFraudFlags,
  });
  return {
    ...base,
    status: approval.required === 0 ? 'approved' : 'awaiting_approval',
    statusReason: null,
    approvalsRequired: approval.required,
    approvalReasons: approval.reasons,
  };
}

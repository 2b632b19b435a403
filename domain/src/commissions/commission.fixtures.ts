import { commissionPlanSchema, type CommissionPlan, type CommissionPlanInput } from './commission-plan.schema';
import type { CommissionComputation, CommissionInput } from './commission.types';

/** Shared by the commission specs: a parsed plan, an input with defaults, and compact views of results. */

export const OCCURRED_AT = new Date('2026-03-15T12:00:00.000Z');

export const planOf = (document: CommissionPlanInput): CommissionPlan => commissionPlanSchema.parse(document);

export interface InputChanges {
  conversion?: Partial<CommissionInput['conversion']>;
  partner?: Partial<CommissionInput['partner']>;
  period?: Partial<CommissionInput['period']>;
  upline?: string[];
  fx?: CommissionInput['fx'];
}

/** A €100.00 sale by partner ptn_a, first of its period, under plan version 3. */
export function inputFor(plan: CommissionPlan, changes: InputChanges = {}): CommissionInput {
  return {
    plan,
    planVersion: 3,
    conversion: { id: 'cnv_1', type: 'sale', amountMinor: 10_000n, currency: 'EUR', lines: [], occurredAt: OCCURRED_AT, customer: null, ...changes.conversion },
    partner: { id: 'ptn_a', tier: null, overrides: {}, ...changes.partner },
    period: { byType: {}, commissionMinor: 0n, ...changes.period },
    upline: changes.upline ?? [],
    ...(changes.fx ? { fx: changes.fx } : {}),
  };
}

/** [partnerId, ruleId, payout minor units] per line. */
export const payouts = (result: CommissionComputation): [string, string, bigint][] =>
  result.lines.map((line) => [line.partnerId, line.ruleId, line.payoutAmountMinor]);

/** [ruleId, reason] per skipped rule. */
export const skips = (result: CommissionComputation): [string, string][] => result.skipped.map((skip) => [skip.ruleId, skip.reason]);

import { parseAmount } from '../money/money';
import { divideRoundHalfEven } from './exact-arithmetic';
import { moneyText, PPM, ppmAsPercent } from './commission-rates';
import { explainedRule, termsStep, type ResolvedRule } from './commission-precedence';
import { convertMinor, fxRateFor, type FxRateUsed } from './fx-conversion';
import type { CommissionExplanation, CommissionInput, CommissionLineKind, SkippedCommission, SkipReason } from './commission.types';

/**
 * What every rule evaluator shares: the conversion's facts in the shape rules need, and the
 * draft line a rule produces before conversion to the payout currency and caps.
 */

export type ExplanationInputs = CommissionExplanation['inputs'];

export interface EvaluationContext {
  input: CommissionInput;
  planCurrency: string;
  /** The share's amount and currency; null when the conversion has none (or it is 0). */
  amount: { minor: bigint; currency: string } | null;
  /** The share's amount in the plan currency (converted once, half-even), for bands and milestones. */
  revenueInPlanCurrency(): { minor: bigint; step?: string };
  /** Minor units of `currency` → the plan currency, with the rate when one was needed. */
  toPlanCurrency(minor: bigint, currency: string): { minor: bigint; fxRate?: FxRateUsed };
  baseInputs: ExplanationInputs;
}

export interface DraftLine {
  partnerId: string;
  ruleId: string;
  kind: CommissionLineKind;
  amountMinor: bigint;
  currency: string;
  rule: CommissionExplanation['rule'];
  inputs: ExplanationInputs;
  steps: string[];
}

export interface RuleResult {
  drafts: DraftLine[];
  skipped: SkippedCommission[];
}

export function evaluationContext(input: CommissionInput): EvaluationContext {
  const { conversion, plan } = input;
  const amount = conversion.amountMinor && conversion.currency ? { minor: conversion.amountMinor, currency: conversion.currency } : null;
  const toPlanCurrency = (minor: bigint, currency: string) => {
    if (currency === plan.currency) return { minor };
    const fxRate = fxRateFor(input.fx, currency, plan.currency, conversion.occurredAt);
    return { minor: convertMinor(minor, currency, plan.currency, fxRate.rate), fxRate };
  };
  let revenue: { minor: bigint; step?: string } | undefined;
  return {
    input,
    planCurrency: plan.currency,
    amount,
    toPlanCurrency,
    revenueInPlanCurrency() {
      if (revenue) return revenue;
      if (!amount) return (revenue = { minor: 0n });
      const converted = toPlanCurrency(amount.minor, amount.currency);
      const step = converted.fxRate
        ? `revenue ${moneyText(amount.minor, amount.currency)} × ${converted.fxRate.rate} = ${moneyText(converted.minor, plan.currency)} (half-even)`
        : undefined;
      return (revenue = { minor: converted.minor, step });
    },
    baseInputs: {
      conversionType: conversion.type,
      conversionAmount: amount ? moneyText(amount.minor, amount.currency) : null,
      occurredAt: conversion.occurredAt.toISOString(),
      partnerTier: input.partner.tier,
    },
  };
}

/** A draft of `resolved` for the converting partner (or an upline partner for IB overrides). */
export function draftLine(
  context: EvaluationContext,
  resolved: ResolvedRule,
  line: { ruleId: string; kind: CommissionLineKind; amountMinor: bigint; currency: string; inputs: ExplanationInputs; steps: string[]; partnerId?: string },
): DraftLine {
  return {
    partnerId: line.partnerId ?? context.input.partner.id,
    ruleId: line.ruleId,
    kind: line.kind,
    amountMinor: line.amountMinor,
    currency: line.currency,
    rule: explainedRule(resolved, line.ruleId, context.input.partner.tier),
    inputs: { ...context.baseInputs, ...line.inputs },
    steps: [termsStep(resolved), ...line.steps],
  };
}

export const skippedLine = (partnerId: string, ruleId: string, reason: SkipReason, message: string): SkippedCommission => ({
  partnerId,
  ruleId,
  reason,
  message,
});

/** Plan-currency amount text → minor units (the plan has validated its decimals). */
export const planMinor = (context: EvaluationContext, amount: string): bigint => parseAmount(amount, context.planCurrency);

/**
 * `rate` of `amount`, rounded once half-even, with the step that shows the exact product:
 * "10% of 49.99 EUR = 4.999 EUR → 5.00 EUR (half-even)".
 */
export function percentOf(amountMinor: bigint, ppm: bigint, currency: string): { minor: bigint; step: string } {
  const minor = divideRoundHalfEven(amountMinor * ppm, PPM);
  return { minor, step: `${ppmAsPercent(ppm)} of ${moneyText(amountMinor, currency)} = ${exactText(amountMinor * ppm, 6, currency)} → ${moneyText(minor, currency)} (half-even)` };
}

/** numerator / 10^extraDigits minor units, as exact decimal text ("4.999 EUR"). */
export function exactText(numerator: bigint, extraDigits: number, currency: string): string {
  const scale = 10n ** BigInt(extraDigits);
  const magnitude = numerator < 0n ? -numerator : numerator;
  const [digits, code] = moneyText(magnitude / scale, currency).split(' ');
  const rest = magnitude % scale;
  const tail = rest === 0n ? '' : `${digits.includes('.') ? '' : '.'}${rest.toString().padStart(extraDigits, '0').replace(/0+$/, '')}`;
  return `${numerator < 0n ? '-' : ''}${digits}${tail} ${code}`;
}

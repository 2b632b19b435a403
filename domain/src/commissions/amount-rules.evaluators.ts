import { divideRoundHalfEven } from './exact-arithmetic';
import { moneyText, PPM, percentToPpm, ppmAsPercent } from './commission-rates';
import type { CommissionRule } from './commission-plan.schema';
import type { ResolvedRule } from './commission-precedence';
import { draftLine, exactText, percentOf, planMinor, skippedLine, type EvaluationContext, type RuleResult } from './commission-evaluation';

/**
 * CPA, RevShare and hybrid rules. A percentage is taken of the share's amount in the
 * conversion's currency; lines of a category with its own rate are taken at that rate and the
 * rest of the amount at the rule's rate — all summed exactly and rounded once, half-even.
 */

type Rule<T extends CommissionRule['type']> = ResolvedRule<Extract<CommissionRule, { type: T }>>;

export function evaluateFlat(context: EvaluationContext, resolved: Rule<'flat'>, ruleId = resolved.rule.id): RuleResult {
  const amountMinor = planMinor(context, resolved.rule.amount);
  const amount = moneyText(amountMinor, context.planCurrency);
  const line = draftLine(context, resolved, {
    ruleId,
    kind: 'flat',
    amountMinor,
    currency: context.planCurrency,
    inputs: { flatAmount: amount },
    steps: [`flat ${amount} per ${context.input.conversion.type}`],
  });
  return { drafts: [line], skipped: [] };
}

export function evaluatePercentage(context: EvaluationContext, resolved: Rule<'percentage'>, ruleId = resolved.rule.id): RuleResult {
  const { amount, input } = context;
  if (!amount) {
    return { drafts: [], skipped: [skippedLine(input.partner.id, ruleId, 'no_amount', `the ${input.conversion.type} has no amount to take a percentage of`)] };
  }
  const { rate, byCategory = {} } = resolved.rule;
  const basePpm = percentToPpm(rate);
  const steps: string[] = [];
  let exactNumerator = 0n;
  let categorised = 0n;
  for (const line of input.conversion.lines) {
    const categoryRate = line.category === undefined ? undefined : byCategory[line.category];
    if (categoryRate === undefined || line.amountMinor === undefined) continue;
    const ppm = percentToPpm(categoryRate);
    exactNumerator += line.amountMinor * ppm;
    categorised += line.amountMinor;
    steps.push(`category ${line.category}: ${ppmAsPercent(ppm)} of ${moneyText(line.amountMinor, amount.currency)} = ${exactText(line.amountMinor * ppm, 6, amount.currency)}`);
  }
  const rest = amount.minor - categorised;
  let amountMinor: bigint;
  if (categorised === 0n) {
    const share = percentOf(amount.minor, basePpm, amount.currency);
    amountMinor = share.minor;
    steps.push(share.step);
  } else {
    if (rest < 0n) steps.push(`category lines add up to more than the amount: nothing left at the rule's rate`);
    if (rest > 0n) {
      exactNumerator += rest * basePpm;
      steps.push(`rest of the amount: ${ppmAsPercent(basePpm)} of ${moneyText(rest, amount.currency)} = ${exactText(rest * basePpm, 6, amount.currency)}`);
    }
    amountMinor = divideRoundHalfEven(exactNumerator, PPM);
    steps.push(`together ${exactText(exactNumerator, 6, amount.currency)} → ${moneyText(amountMinor, amount.currency)} (rounded half-even, once)`);
  }
  const line = draftLine(context, resolved, {
    ruleId,
    kind: 'percentage',
    amountMinor,
    currency: amount.currency,
    inputs: { rate: `${rate}%`, ...(Object.keys(byCategory).length ? { categoryRates: JSON.stringify(byCategory) } : {}) },
    steps,
  });
  return { drafts: [line], skipped: [] };
}

/** CPA + RevShare: the flat part as "<id>/flat", the percentage part as "<id>/percentage". */
export function evaluateHybrid(context: EvaluationContext, resolved: Rule<'hybrid'>): RuleResult {
  const { amount, rate, byCategory, byTier: _byTier, ...scope } = resolved.rule;
  const flat = evaluateFlat(context, { ...resolved, rule: { ...scope, type: 'flat', amount } }, `${scope.id}/flat`);
  const percentage = evaluatePercentage(context, { ...resolved, rule: { ...scope, type: 'percentage', rate, byCategory } }, `${scope.id}/percentage`);
  // The explanation names the plan's rule as it is: a hybrid.
  const asHybrid = (line: RuleResult['drafts'][number]) => ({ ...line, rule: { ...line.rule, type: 'hybrid' } });
  return { drafts: [...flat.drafts, ...percentage.drafts].map(asHybrid), skipped: [...flat.skipped, ...percentage.skipped] };
}

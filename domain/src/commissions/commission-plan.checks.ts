import type { z } from 'zod';
import { amountProblem } from '../money/money';
import { decimalToRatio } from './exact-arithmetic';
import type { CommissionPlanShape, CommissionRule } from './commission-plan.schema';
import { applyTerms } from './commission-rule-terms';
import type { PerLotTerms } from './commission-terms.schema';

/**
 * Cross-field rules of a commission plan, each reported at the path of the field to fix
 * (`rules.2.bands.1.from`): unique rule ids, declared tiers, amounts with the plan currency's
 * decimals, and bands and milestones that start where they must and only go up.
 */

export interface PlanIssue {
  path: (string | number)[];
  message: string;
}

export function checkCommissionPlan(plan: CommissionPlanShape, ctx: z.RefinementCtx): void {
  for (const { path, message } of commissionPlanIssues(plan)) ctx.addIssue({ code: 'custom', path, message });
}

function commissionPlanIssues(plan: CommissionPlanShape): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const firstIndexOfId = new Map<string, number>();
  plan.rules.forEach((rule, index) => {
    const at = (...path: (string | number)[]) => ['rules', index, ...path];
    const earlier = firstIndexOfId.get(rule.id);
    if (earlier !== undefined) {
      issues.push({ path: at('id'), message: `rule id "${rule.id}" is already used by rules.${earlier}: ids key commissions and must be unique` });
    } else firstIndexOfId.set(rule.id, index);
    if (new Set(rule.events).size !== rule.events.length) issues.push({ path: at('events'), message: 'lists an event type twice' });
    rule.onlyTiers?.forEach((tier, tierIndex) => {
      if (!plan.tiers.includes(tier)) issues.push({ path: at('onlyTiers', tierIndex), message: undeclaredTier(tier) });
    });
    issues.push(...termsIssues(rule, plan.currency).map((issue) => ({ ...issue, path: at(...issue.path) })));
    for (const [tier, terms] of Object.entries(rule.byTier ?? {})) {
      if (!plan.tiers.includes(tier)) issues.push({ path: at('byTier', tier), message: undeclaredTier(tier) });
      const tierIssues = termsIssues(applyTerms(rule, terms), plan.currency);
      issues.push(...tierIssues.map((issue) => ({ ...issue, path: at('byTier', tier, ...issue.path) })));
    }
  });
  for (const cap of ['perConversion', 'perPartnerPerPeriod'] as const) {
    const value = plan.caps[cap];
    const problem = value === undefined ? undefined : amountProblem(value, plan.currency);
    if (problem) issues.push({ path: ['caps', cap], message: `amount ${problem}` });
  }
  return issues;
}

const undeclaredTier = (tier: string) => `tier "${tier}" is not one of the plan's tiers: add it to \`tiers\` first`;

/** Problems of a rule's terms (its own or a tier's, applied), with paths relative to the terms. */
export function termsIssues(rule: CommissionRule, currency: string): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const amount = (path: (string | number)[], value: string) => {
    const problem = amountProblem(value, currency);
    if (problem) issues.push({ path, message: `amount ${problem}` });
  };
  const lotRates = (terms: PerLotTerms, path: (string | number)[]) => {
    if (terms.perLot === undefined && Object.keys(terms.byInstrument ?? {}).length === 0) {
      issues.push({ path: [...path, 'perLot'], message: 'give perLot, byInstrument or both: a per-lot rule needs a rate' });
    }
    if (terms.perLot !== undefined) amount([...path, 'perLot'], terms.perLot);
    for (const [instrument, value] of Object.entries(terms.byInstrument ?? {})) amount([...path, 'byInstrument', instrument], value);
  };
  switch (rule.type) {
    case 'flat':
    case 'hybrid':
      amount(['amount'], rule.amount);
      break;
    case 'per_lot':
      lotRates(rule, []);
      break;
    case 'ib_override':
      rule.levels.forEach((level, index) => level.type === 'per_lot' && lotRates(level, ['levels', index]));
      break;
    case 'volume_bands':
      issues.push(...bandIssues(rule, currency));
      break;
    case 'milestone_bonus':
      issues.push(...thresholdIssues(rule.measure, rule.milestones.map((milestone) => milestone.at), 'milestones', 'at', currency));
      rule.milestones.forEach((milestone, index) => {
        if (milestone.at === '0') issues.push({ path: ['milestones', index, 'at'], message: 'must be above 0: a period total never rises to 0' });
        amount(['milestones', index, 'amount'], milestone.amount);
      });
      break;
    case 'percentage':
      break;
  }
  return issues;
}

function bandIssues(rule: Extract<CommissionRule, { type: 'volume_bands' }>, currency: string): PlanIssue[] {
  const issues = thresholdIssues(rule.measure, rule.bands.map((band) => band.from), 'bands', 'from', currency);
  const first = rule.bands[0].from;
  const start = rule.measure === 'count' ? '1' : '0';
  if (first !== start) {
    issues.push({ path: ['bands', 0, 'from'], message: `the first band must start at ${start} so that every conversion falls in a band` });
  }
  const paysRate = rule.bands[0].rate !== undefined;
  rule.bands.forEach((band, index) => {
    const value = band.rate ?? band.amount;
    if ((band.rate === undefined) === (band.amount === undefined)) {
      issues.push({ path: ['bands', index, 'rate'], message: 'give exactly one of rate and amount' });
    } else if ((band.rate !== undefined) !== paysRate) {
      issues.push({ path: ['bands', index, paysRate ? 'rate' : 'amount'], message: `every band pays the same way: give ${paysRate ? 'rate' : 'amount'} like the first band` });
    } else if (band.amount !== undefined) {
      const problem = amountProblem(band.amount, currency);
      if (problem) issues.push({ path: ['bands', index, 'amount'], message: `amount ${problem}` });
    }
    const previous = index > 0 ? (rule.bands[index - 1].rate ?? rule.bands[index - 1].amount) : undefined;
    if (rule.mode === 'retroactive' && value !== undefined && previous !== undefined && compareDecimals(value, previous) < 0) {
      issues.push({
        path: ['bands', index, paysRate ? 'rate' : 'amount'],
        message: 'in retroactive mode a band cannot pay less than the band before it: re-pricing the period would take back earned commission',
      });
    }
  });
  return issues;
}

/** Band starts and milestones: whole conversions or plan-currency amounts, strictly increasing. */
function thresholdIssues(measure: 'count' | 'revenue', values: string[], list: string, field: string, currency: string): PlanIssue[] {
  const issues: PlanIssue[] = [];
  values.forEach((value, index) => {
    const path = [list, index, field];
    if (measure === 'count' && !/^[1-9]\d*$/.test(value)) issues.push({ path, message: 'must be a whole number of conversions, at least 1' });
    if (measure === 'revenue') {
      const problem = amountProblem(value, currency);
      if (problem) issues.push({ path, message: `amount ${problem}` });
    }
    if (index > 0 && compareDecimals(value, values[index - 1]) <= 0) {
      issues.push({ path, message: `must be greater than ${list}.${index - 1}.${field} (${values[index - 1]})` });
    }
  });
  return issues;
}

/** Sign of a − b for two non-negative decimal texts. */
export function compareDecimals(a: string, b: string): number {
  const left = decimalToRatio(a);
  const right = decimalToRatio(b);
  const difference = left.numerator * right.denominator - right.numerator * left.denominator;
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

import { divideRoundHalfEven } from './exact-arithmetic';
import { LOT_SCALE, lotsToUnits, lotUnitsAsText, moneyText, percentToPpm } from './commission-rates';
import type { CommissionRule } from './commission-plan.schema';
import type { ResolvedRule } from './commission-precedence';
import type { IbLevel, PerLotTerms } from './commission-terms.schema';
import { draftLine, exactText, percentOf, planMinor, skippedLine, type DraftLine, type EvaluationContext, type RuleResult } from './commission-evaluation';

/**
 * Forex IB rules. A rebate is lots × the instrument's per-lot amount (in the plan currency),
 * summed over the trade lines exactly and rounded once. Overrides pay each master up the
 * partner's chain what its level says, from the same conversion: a percentage of the amount,
 * a percentage of the converting partner's own commission (after caps), or an amount per lot.
 */

type Rule<T extends CommissionRule['type']> = ResolvedRule<Extract<CommissionRule, { type: T }>>;

interface LotCommission {
  minor: bigint;
  steps: string[];
  matchedLines: number;
}

function lotCommission(context: EvaluationContext, terms: PerLotTerms): LotCommission {
  const steps: string[] = [];
  let exactNumerator = 0n;
  let matchedLines = 0;
  for (const line of context.input.conversion.lines) {
    if (line.instrument === undefined || line.lots === undefined) continue;
    const rate = terms.byInstrument?.[line.instrument] ?? terms.perLot;
    if (rate === undefined) {
      steps.push(`${line.instrument}: no per-lot rate, ${line.lots} lots earn nothing`);
      continue;
    }
    const units = lotsToUnits(line.lots);
    const rateMinor = planMinor(context, rate);
    exactNumerator += units * rateMinor;
    matchedLines += 1;
    steps.push(`${line.instrument}: ${lotUnitsAsText(units)} lots × ${moneyText(rateMinor, context.planCurrency)} = ${exactText(units * rateMinor, 8, context.planCurrency)}`);
  }
  const minor = divideRoundHalfEven(exactNumerator, LOT_SCALE);
  if (matchedLines > 0) steps.push(`${exactText(exactNumerator, 8, context.planCurrency)} → ${moneyText(minor, context.planCurrency)} (rounded half-even, once)`);
  return { minor, steps, matchedLines };
}

export function evaluatePerLot(context: EvaluationContext, resolved: Rule<'per_lot'>): RuleResult {
  const { rule } = resolved;
  const lots = lotCommission(context, rule);
  if (lots.matchedLines === 0) {
    const message = `no trade line has an instrument with a per-lot rate${lots.steps.length ? ` (${lots.steps.join('; ')})` : ''}`;
    return { drafts: [], skipped: [skippedLine(context.input.partner.id, rule.id, 'no_matching_lines', message)] };
  }
  const line = draftLine(context, resolved, {
    ruleId: rule.id,
    kind: 'per_lot',
    amountMinor: lots.minor,
    currency: context.planCurrency,
    inputs: { perLot: rule.perLot ?? null, byInstrument: rule.byInstrument ? JSON.stringify(rule.byInstrument) : null },
    steps: lots.steps,
  });
  return { drafts: [line], skipped: [] };
}

/** One line per level that has a master: "<id>/level-1" for upline[0], and so on. */
export function evaluateIbOverride(context: EvaluationContext, resolved: Rule<'ib_override'>, ownPayoutMinor: bigint): RuleResult {
  const { rule } = resolved;
  const { input } = context;
  const result: RuleResult = { drafts: [], skipped: [] };
  rule.levels.forEach((level, index) => {
    const ruleId = `${rule.id}/level-${index + 1}`;
    const master = input.upline[index];
    if (master === undefined) {
      result.skipped.push(skippedLine(input.partner.id, ruleId, 'no_upline', `partner ${input.partner.id} has no level-${index + 1} master`));
      return;
    }
    const draft = levelDraft(context, resolved, level, { ruleId, master, level: index + 1, ownPayoutMinor });
    if ('reason' in draft) result.skipped.push(skippedLine(master, ruleId, draft.reason, draft.message));
    else result.drafts.push(draft);
  });
  return result;
}

interface LevelFacts {
  ruleId: string;
  master: string;
  level: number;
  ownPayoutMinor: bigint;
}

type LevelDraft = DraftLine | { reason: 'no_amount' | 'no_matching_lines'; message: string };

function levelDraft(context: EvaluationContext, resolved: Rule<'ib_override'>, level: IbLevel, facts: LevelFacts): LevelDraft {
  const { input, amount } = context;
  const inputs = { level: facts.level, subPartnerId: input.partner.id, levelTerms: JSON.stringify(level) };
  const line = (amountMinor: bigint, currency: string, steps: string[]) =>
    draftLine(context, resolved, { ruleId: facts.ruleId, partnerId: facts.master, kind: 'ib_override', amountMinor, currency, inputs, steps });
  const who = `level-${facts.level} master ${facts.master} of ${input.partner.id}`;
  switch (level.type) {
    case 'percentage_of_amount': {
      if (!amount) return { reason: 'no_amount', message: `the ${input.conversion.type} has no amount to take a percentage of` };
      const share = percentOf(amount.minor, percentToPpm(level.rate), amount.currency);
      return line(share.minor, amount.currency, [`${who}: ${share.step}`]);
    }
    case 'percentage_of_commission': {
      const share = percentOf(facts.ownPayoutMinor, percentToPpm(level.rate), context.planCurrency);
      return line(share.minor, context.planCurrency, [`${who}: of the sub-IB's commission on this conversion, ${share.step}`]);
    }
    case 'per_lot': {
      const lots = lotCommission(context, level);
      if (lots.matchedLines === 0) return { reason: 'no_matching_lines', message: 'no trade line has an instrument with a per-lot rate' };
      return line(lots.minor, context.planCurrency, [`${who}:`, ...lots.steps]);
    }
  }
}

import { moneyText } from './commission-rates';
import type { CommissionRule } from './commission-plan.schema';
import type { ResolvedRule } from './commission-precedence';
import { draftLine, planMinor, skippedLine, type EvaluationContext, type RuleResult } from './commission-evaluation';
import { periodPosition } from './period-position';

/**
 * Milestone bonuses: a conversion that takes the period total from below a milestone to it or
 * beyond earns that milestone's bonus, once, as "<id>/at-<at>" (a conversion that crosses two
 * milestones earns both). The period total is the partner's, for the rule's events: every
 * conversion crediting the partner in the period counts (issue 5: "e.g. 10th sale" is the 10th
 * sale), whether or not it earned a commission — so a plan with only milestones reaches them. The
 * callers build it that way: commission-input.ts (recording) and plan-simulation.ts (dry run).
 */
export function evaluateMilestones(context: EvaluationContext, resolved: ResolvedRule<Extract<CommissionRule, { type: 'milestone_bonus' }>>): RuleResult {
  const { rule } = resolved;
  const position = periodPosition(context, rule.events, rule.measure);
  const threshold = (at: string) => (rule.measure === 'count' ? BigInt(at) : planMinor(context, at));
  const crossed = rule.milestones.filter(({ at }) => position.before < threshold(at) && threshold(at) <= position.after);
  if (crossed.length === 0) {
    const totalText = rule.measure === 'count' ? String(position.after) : moneyText(position.after, context.planCurrency);
    const message = `the period total is ${totalText} with this conversion; milestones at ${rule.milestones.map(({ at }) => at).join(', ')}`;
    return { drafts: [], skipped: [skippedLine(context.input.partner.id, rule.id, 'milestone_not_reached', message)] };
  }
  const drafts = crossed.map(({ at, amount }) => {
    const amountMinor = planMinor(context, amount);
    const reached = rule.measure === 'count' ? `${rule.events.join('/')} number ${at}` : `revenue ${moneyText(threshold(at), context.planCurrency)}`;
    return draftLine(context, resolved, {
      ruleId: `${rule.id}/at-${at}`,
      kind: 'milestone_bonus',
      amountMinor,
      currency: context.planCurrency,
      inputs: { measure: rule.measure, milestone: at, periodTotalBefore: position.beforeText },
      steps: [...position.steps, `milestone reached: ${reached} → bonus ${moneyText(amountMinor, context.planCurrency)}`],
    });
  });
  return { drafts, skipped: [] };
}

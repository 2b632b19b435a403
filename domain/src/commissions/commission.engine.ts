import { DomainError, ErrorCode } from '../errors';
import { isReversal } from '../tracking/conversion-report.schema';
import { moneyText } from './commission-rates';
import type { CommissionRule } from './commission-plan.schema';
import { resolveRule, type ResolvedRule } from './commission-precedence';
import { evaluateFlat, evaluateHybrid, evaluatePercentage } from './amount-rules.evaluators';
import { applyCaps, type PricedLine } from './commission-caps';
import { evaluationContext, skippedLine, type DraftLine, type EvaluationContext, type RuleResult } from './commission-evaluation';
import { evaluateIbOverride, evaluatePerLot } from './forex-rules.evaluators';
import { evaluateMilestones } from './milestone-rules.evaluator';
import { evaluateVolumeBands } from './volume-rules.evaluators';
import type { CommissionComputation, CommissionInput, CommissionLine, SkippedCommission } from './commission.types';

/**
 * The commission engine: one conversion share in, commission lines out, each with the rule that
 * applied, its inputs and every intermediate amount. Pure and deterministic — the same input
 * always gives the same lines — so a re-run, a dry run and the ledger agree to the cent.
 *
 * Order: the partner's own rules in plan order → conversion to the plan currency → caps →
 * the IB masters' overrides (a percentage of commission sees the capped commission) → lines
 * that came to zero move to `skipped`. Refunds and chargebacks never come here: they reverse
 * earlier lines with reverseCommission.
 */
export function computeCommissions(input: CommissionInput): CommissionComputation {
  assertCommissionable(input);
  const context = evaluationContext(input);
  const own: RuleResult = { drafts: [], skipped: [] };
  const overrides: ResolvedRule<Extract<CommissionRule, { type: 'ib_override' }>>[] = [];
  for (const rule of input.plan.rules) {
    const scope = resolveRule(rule, input);
    if (!scope.applies) {
      own.skipped.push(skippedLine(input.partner.id, rule.id, scope.reason, scope.message));
    } else if (scope.resolved.rule.type === 'ib_override') {
      overrides.push({ ...scope.resolved, rule: scope.resolved.rule });
    } else {
      const result = evaluateOwnRule(context, scope.resolved);
      own.drafts.push(...result.drafts);
      own.skipped.push(...result.skipped);
    }
  }
  const capped = applyCaps(own.drafts.map((draft) => priced(context, draft)), input.plan.caps, input.period.commissionMinor, context.planCurrency);
  const ownPayoutMinor = capped.lines.reduce((sum, line) => sum + line.payoutAmountMinor, 0n);
  const masterLines: PricedLine[] = [];
  const skipped: SkippedCommission[] = [...own.skipped, ...capped.skipped];
  for (const resolved of overrides) {
    const result = evaluateIbOverride(context, resolved, ownPayoutMinor);
    masterLines.push(...result.drafts.map((draft) => priced(context, draft)));
    skipped.push(...result.skipped);
  }
  const lines: CommissionLine[] = [];
  for (const line of [...capped.lines, ...masterLines]) {
    if (line.payoutAmountMinor === 0n) {
      skipped.push(skippedLine(line.partnerId, line.ruleId, 'zero_amount', `comes to ${moneyText(0n, line.payoutCurrency)}: ${line.steps.at(-1) ?? ''}`));
    } else {
      lines.push(finalLine(input, line));
    }
  }
  return { conversionId: input.conversion.id, planVersion: input.planVersion, payoutCurrency: context.planCurrency, lines, skipped };
}

function evaluateOwnRule(context: EvaluationContext, resolved: ResolvedRule): RuleResult {
  const { rule } = resolved;
  switch (rule.type) {
    case 'flat':
      return evaluateFlat(context, { ...resolved, rule });
    case 'percentage':
      return evaluatePercentage(context, { ...resolved, rule });
    case 'hybrid':
      return evaluateHybrid(context, { ...resolved, rule });
    case 'per_lot':
      return evaluatePerLot(context, { ...resolved, rule });
    case 'volume_bands':
      return evaluateVolumeBands(context, { ...resolved, rule });
    case 'milestone_bonus':
      return evaluateMilestones(context, { ...resolved, rule });
    case 'ib_override':
      throw new Error('ib_override rules are evaluated after the caps, with the capped commission');
  }
}

/** The draft with its payout amount: converted once, half-even, at the snapshot's rate. */
function priced(context: EvaluationContext, draft: DraftLine): PricedLine {
  const converted = context.toPlanCurrency(draft.amountMinor, draft.currency);
  const line: PricedLine = { ...draft, payoutAmountMinor: converted.minor, payoutCurrency: context.planCurrency };
  const { fxRate } = converted;
  if (!fxRate) return line;
  const source = fxRate.snapshotId ? `rate ${fxRate.snapshotId} effective from ${fxRate.asOf}` : `rates of ${fxRate.asOf}`;
  const step = `converted at 1 ${draft.currency} = ${fxRate.rate} ${context.planCurrency} (${source}): ${moneyText(draft.amountMinor, draft.currency)} → ${moneyText(converted.minor, context.planCurrency)} (half-even)`;
  // The rate, its id and effective date are inputs of the line, so the ledger's explanation names them.
  const inputs = { ...draft.inputs, fxRate: `1 ${fxRate.from} = ${fxRate.rate} ${fxRate.to}`, fxRateId: fxRate.snapshotId ?? null, fxRateEffectiveFrom: fxRate.asOf };
  return { ...line, fxRate, inputs, steps: [...draft.steps, step] };
}

function finalLine(input: CommissionInput, line: PricedLine): CommissionLine {
  return {
    conversionId: input.conversion.id,
    partnerId: line.partnerId,
    ruleId: line.ruleId,
    kind: line.kind,
    amountMinor: line.amountMinor,
    currency: line.currency,
    payoutAmountMinor: line.payoutAmountMinor,
    payoutCurrency: line.payoutCurrency,
    ...(line.fxRate ? { fxRate: line.fxRate } : {}),
    explanation: { planVersion: input.planVersion, rule: line.rule, inputs: line.inputs, steps: line.steps },
  };
}

function assertCommissionable({ conversion }: CommissionInput): void {
  if (isReversal(conversion.type)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `a ${conversion.type} earns no commission: reverse the original lines with reverseCommission`, [
      { path: 'conversion.type', message: 'must not be a refund or chargeback' },
    ]);
  }
  if (conversion.amountMinor !== null && conversion.amountMinor < 0n) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'a commissionable amount cannot be negative: reversals go through reverseCommission', [
      { path: 'conversion.amountMinor', message: 'must be 0 or more' },
    ]);
  }
}

import { divideRoundHalfEven } from './exact-arithmetic';
import { moneyText, PPM, percentToPpm, ppmAsPercent } from './commission-rates';
import type { CommissionRule } from './commission-plan.schema';
import type { ResolvedRule } from './commission-precedence';
import { draftLine, exactText, percentOf, planMinor, skippedLine, type EvaluationContext, type RuleResult } from './commission-evaluation';
import { periodPosition, type PeriodPosition } from './period-position';

/**
 * Volume bands. The period total is the partner's count or plan-currency revenue of the rule's
 * events before this conversion (every credited conversion of the period, commissioned or not,
 * as milestones count them), plus this conversion. Band mode (marginal) pays each part of
 * the volume at its own band: by count, this conversion at the band of its ordinal; by revenue,
 * each slice of this conversion's revenue at the band the slice falls in (a blended rate, kept
 * exact and applied to the amount in its own currency). Retroactive mode pays this conversion
 * at the band the total reaches and, when that band is higher than the one before, a top-up
 * ("<id>/top-up") re-pricing the period's earlier volume at the new band.
 */

type BandsRule = ResolvedRule<Extract<CommissionRule, { type: 'volume_bands' }>>;

interface Band {
  index: number;
  from: bigint;
  ppm?: bigint;
  amountMinor?: bigint;
  label: string;
}

function bandsOf(context: EvaluationContext, resolved: BandsRule): Band[] {
  const { measure } = resolved.rule;
  return resolved.rule.bands.map((band, index) => {
    const from = measure === 'count' ? BigInt(band.from) : planMinor(context, band.from);
    const start = measure === 'count' ? `conversion ${band.from}` : moneyText(from, context.planCurrency);
    const pays = band.rate !== undefined ? `${band.rate}%` : moneyText(planMinor(context, band.amount ?? '0'), context.planCurrency);
    return {
      index,
      from,
      ...(band.rate !== undefined ? { ppm: percentToPpm(band.rate) } : { amountMinor: planMinor(context, band.amount ?? '0') }),
      label: `band ${index + 1} (from ${start}: ${pays})`,
    };
  });
}

/** The last band starting at or below `total`. */
const bandAt = (bands: readonly Band[], total: bigint): Band => bands.filter((band) => band.from <= total).at(-1) ?? bands[0];

export function evaluateVolumeBands(context: EvaluationContext, resolved: BandsRule): RuleResult {
  const { rule } = resolved;
  const position = periodPosition(context, rule.events, rule.measure);
  const bands = bandsOf(context, resolved);
  const reached = bandAt(bands, position.after);
  const paysRate = reached.ppm !== undefined;
  const { amount, input } = context;
  if (paysRate && !amount) {
    return { drafts: [], skipped: [skippedLine(input.partner.id, rule.id, 'no_amount', `the ${input.conversion.type} has no amount to take a percentage of`)] };
  }
  const steps = [...position.steps];
  let amountMinor: bigint;
  if (!paysRate) {
    amountMinor = reached.amountMinor ?? 0n;
    steps.push(`${reached.label} → ${moneyText(amountMinor, context.planCurrency)}`);
  } else if (rule.mode === 'band' && rule.measure === 'revenue' && position.thisConversion > 0n && amount) {
    amountMinor = marginalRevenueShare(bands, position, amount, context.planCurrency, steps);
  } else {
    const share = percentOf(amount?.minor ?? 0n, reached.ppm ?? 0n, amount?.currency ?? context.planCurrency);
    amountMinor = share.minor;
    steps.push(`${reached.label}: ${share.step}`);
  }
  const currency = paysRate ? (amount?.currency ?? context.planCurrency) : context.planCurrency;
  const inputs = { measure: rule.measure, mode: rule.mode, bands: JSON.stringify(rule.bands), periodTotalBefore: position.beforeText };
  const main = draftLine(context, resolved, { ruleId: rule.id, kind: 'volume_band', amountMinor, currency, inputs, steps });
  const result: RuleResult = { drafts: [main], skipped: [] };
  if (rule.mode === 'retroactive') addTopUp(context, resolved, bands, position, reached, result);
  return result;
}

/** Each slice of this conversion's plan-currency revenue at its band, as one exact blended rate. */
function marginalRevenueShare(
  bands: readonly Band[],
  position: PeriodPosition,
  amount: { minor: bigint; currency: string },
  planCurrency: string,
  steps: string[],
): bigint {
  let weighted = 0n;
  bands.forEach((band, index) => {
    const next = bands[index + 1]?.from;
    const low = band.from > position.before ? band.from : position.before;
    const high = next !== undefined && next < position.after ? next : position.after;
    if (high <= low) return;
    weighted += (high - low) * (band.ppm ?? 0n);
    steps.push(`${band.label}: ${moneyText(high - low, planCurrency)} of this conversion's revenue`);
  });
  const exact = amount.minor * weighted;
  const denominator = position.thisConversion * PPM;
  const minor = divideRoundHalfEven(exact, denominator);
  steps.push(
    `blended rate of those slices on ${moneyText(amount.minor, amount.currency)} = ` +
      `${moneyText(amount.minor, amount.currency)} × ${weighted} / (${position.thisConversion} × 1000000) → ${moneyText(minor, amount.currency)} (rounded half-even, once)`,
  );
  return minor;
}

function addTopUp(context: EvaluationContext, resolved: BandsRule, bands: readonly Band[], position: PeriodPosition, reached: Band, result: RuleResult): void {
  const previous = position.before >= bands[0].from ? bandAt(bands, position.before) : undefined;
  if (!previous || previous.index >= reached.index) return;
  const ruleId = `${resolved.rule.id}/top-up`;
  const currency = context.planCurrency;
  let amountMinor: bigint;
  let step: string;
  if (reached.ppm !== undefined) {
    const difference = reached.ppm - (previous.ppm ?? 0n);
    amountMinor = divideRoundHalfEven(difference * position.revenueBefore, PPM);
    step = `${ppmAsPercent(difference)} more on the period's earlier revenue ${moneyText(position.revenueBefore, currency)} = ${exactText(difference * position.revenueBefore, 6, currency)} → ${moneyText(amountMinor, currency)} (half-even)`;
  } else {
    const difference = (reached.amountMinor ?? 0n) - (previous.amountMinor ?? 0n);
    amountMinor = difference * BigInt(position.countBefore);
    step = `${moneyText(difference, currency)} more for each of the period's ${position.countBefore} earlier conversions = ${moneyText(amountMinor, currency)}`;
  }
  if (amountMinor === 0n) {
    result.skipped.push(skippedLine(context.input.partner.id, ruleId, 'no_top_up', `reached ${reached.label}, but the period has no earlier volume to re-price`));
    return;
  }
  const inputs = { previousBand: previous.label, reachedBand: reached.label, periodRevenueBefore: moneyText(position.revenueBefore, currency), periodCountBefore: position.countBefore };
  const steps = [`the period moved from ${previous.label} to ${reached.label}`, step];
  result.drafts.push(draftLine(context, resolved, { ruleId, kind: 'band_top_up', amountMinor, currency, inputs, steps }));
}

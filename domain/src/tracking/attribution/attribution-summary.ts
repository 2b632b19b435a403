import type { AttributionConfig } from '../attribution-config.schema';
import { formatPercent, plural } from './attribution-text';
import type { AttributionShare } from './attribution.types';
import type { ScreenedTouch } from './touch-screening';

/** How the summary names each model, with the settings that shaped the split. */
export function describeModel(config: AttributionConfig): string {
  switch (config.model) {
    case 'last_click':
      return 'last click';
    case 'first_click':
      return 'first click';
    case 'linear':
      return 'linear';
    case 'time_decay':
      return `time decay (half-life ${plural(config.timeDecay.halfLifeDays, 'day')})`;
    case 'position_based': {
      const { firstPercent, lastPercent } = config.positionBased;
      return `position-based (${firstPercent}/${100 - firstPercent - lastPercent}/${lastPercent})`;
    }
    case 'hybrid':
      return 'hybrid (weights by partner type)';
  }
}

export function unattributedSummary(screened: readonly ScreenedTouch[], config: AttributionConfig): string {
  if (screened.length === 0) return 'No partner earns this conversion: no click or coupon was recorded for it.';
  const none = screened.length === 1 ? 'its only touch does not count' : `none of its ${screened.length} touches counts`;
  return `No partner earns this conversion under ${describeModel(config)}: ${none} (${notCountedBreakdown(screened, config)}).`;
}

export interface AttributedSummaryInput {
  config: AttributionConfig;
  shares: readonly AttributionShare[];
  screened: readonly ScreenedTouch[];
  countedCount: number;
  notes: readonly string[];
}

export function attributedSummary({ config, shares, screened, countedCount, notes }: AttributedSummaryInput): string {
  const model = describeModel(config);
  const byPartner = sharesByPartner(shares);
  const outcome =
    byPartner.length === 1
      ? `Partner ${byPartner[0].partnerId} earns the whole conversion under ${model}${throughWhat(shares)}.`
      : `${capitalise(model)} splits the conversion among ${byPartner.length} partners: ` +
        `${byPartner.map(({ partnerId, sharePpm }) => `${partnerId} ${formatPercent(sharePpm)}`).join(', ')}.`;
  const notCounted = notCountedBreakdown(screened, config);
  const details = [`${countedCount} of ${plural(screened.length, 'touch')} counted`, notCounted && `not counted: ${notCounted}`, ...notes];
  return `${outcome} ${capitalise(details.filter(Boolean).join('; '))}.`;
}

function throughWhat(shares: readonly AttributionShare[]): string {
  return shares.length === 1 ? ` through ${shares[0].kind} ${shares[0].touchId}` : ` across ${shares.length} of its touches`;
}

/** Largest share first; equal shares by partner id, so the sentence is the same on every run. */
function sharesByPartner(shares: readonly AttributionShare[]): { partnerId: string; sharePpm: number }[] {
  const totals = new Map<string, number>();
  for (const share of shares) totals.set(share.partnerId, (totals.get(share.partnerId) ?? 0) + share.sharePpm);
  return [...totals]
    .map(([partnerId, sharePpm]) => ({ partnerId, sharePpm }))
    .sort((a, b) => b.sharePpm - a.sharePpm || (a.partnerId < b.partnerId ? -1 : 1));
}

/** "2 outside the 30-day window, 1 after the conversion, bot click ×2": touches no model could weigh. */
function notCountedBreakdown(screened: readonly ScreenedTouch[], config: AttributionConfig): string {
  const count = (kind: string) => screened.filter((item) => item.exclusion?.kind === kind).length;
  const notCreditable = new Map<string, number>();
  for (const { exclusion } of screened) {
    if (exclusion?.kind === 'not_creditable') notCreditable.set(exclusion.reason, (notCreditable.get(exclusion.reason) ?? 0) + 1);
  }
  return [
    [count('outside_window'), `outside the ${config.windowDays}-day window`],
    [count('after_conversion'), 'after the conversion'],
    [count('invalid_time'), 'without a valid time'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, what]) => `${n} ${what}`)
    .concat([...notCreditable].map(([reason, n]) => (n === 1 ? reason : `${reason} ×${n}`)))
    .join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

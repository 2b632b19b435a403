import { formatAgeBeforeConversion, formatPercent, formatWeight, MS_PER_DAY } from './attribution-text';
import type { ModelRule } from './attribution-model';
import { lastClick } from './single-touch.models';

/** Every pooled touch gets the same share. */
export const linear: ModelRule = (pool) => ({
  weights: pool.map(() => 1n),
  reasonFor: (_, sharePpm) =>
    pool.length === 1 ? 'linear: the only counted touch → 100%' : `linear: 1 of ${pool.length} counted touches → ${formatPercent(sharePpm)}`,
});

/**
 * A touch's weight halves every halfLifeDays before the conversion. Shares come from weights
 * relative to the newest touch (which weighs 1), so very old touches under a short half-life
 * cannot underflow to 0 for everyone; the reasons show the weight relative to the conversion.
 */
export const timeDecay: ModelRule = (pool, config) => {
  const halfLifeMs = config.timeDecay.halfLifeDays * MS_PER_DAY;
  const newestAgeMs = pool.reduce((newest, screened) => Math.min(newest, screened.ageMs), Number.POSITIVE_INFINITY);
  const relativeWeights = pool.map((screened) => 2 ** (-(screened.ageMs - newestAgeMs) / halfLifeMs));
  const weightsAtConversion = pool.map((screened) => 2 ** (-screened.ageMs / halfLifeMs));
  // Only a tiny half-life with old touches underflows; then the newest touch is the only honest yardstick.
  const underflows = weightsAtConversion.reduce((sum, weight) => sum + weight, 0) === 0;
  const shown = underflows ? relativeWeights : weightsAtConversion;
  const total = shown.reduce((sum, weight) => sum + weight, 0);
  const yardstick = underflows ? ' (weights relative to the most recent touch)' : '';
  return {
    weights: toProportionalIntegers(relativeWeights),
    reasonFor: (index, sharePpm) =>
      `time decay: ${formatAgeBeforeConversion(pool[index].ageMs)}, weight ${formatWeight(shown[index])} ` +
      `of ${formatWeight(total)}${yardstick} → ${formatPercent(sharePpm)}`,
  };
};

/**
 * U-shaped: the first and last touches get their percent, the touches between share the rest.
 * Weights stay exact integers: with m middle touches, first weighs firstPercent·m, last
 * lastPercent·m and each middle touch (100 − firstPercent − lastPercent).
 */
export const positionBased: ModelRule = (pool, config) => {
  const { firstPercent, lastPercent } = config.positionBased;
  const lastIndex = pool.length - 1;
  if (pool.length === 1) return { weights: [1n], reasonFor: () => 'position-based: the only counted touch → 100%' };
  if (pool.length === 2) {
    const bothZero = firstPercent + lastPercent === 0;
    const split = bothZero ? 'firstPercent and lastPercent are both 0, so they split equally' : `split ${firstPercent}:${lastPercent}`;
    return {
      weights: bothZero ? [1n, 1n] : [BigInt(firstPercent), BigInt(lastPercent)],
      reasonFor: (index, sharePpm) => `position-based: ${index === 0 ? 'first' : 'last'} of two touches, ${split} → ${formatPercent(sharePpm)}`,
    };
  }
  const middleCount = pool.length - 2;
  const middlePercent = 100 - firstPercent - lastPercent;
  return {
    weights: pool.map((_, index) =>
      BigInt(index === 0 ? firstPercent * middleCount : index === lastIndex ? lastPercent * middleCount : middlePercent),
    ),
    reasonFor: (index, sharePpm) => {
      if (index === 0) return `position-based: first touch, ${firstPercent}% → ${formatPercent(sharePpm)}`;
      if (index === lastIndex) return `position-based: last touch, ${lastPercent}% → ${formatPercent(sharePpm)}`;
      if (middleCount === 1) return `position-based: the middle touch, ${middlePercent}% → ${formatPercent(sharePpm)}`;
      return `position-based: one of ${middleCount} middle touches sharing ${middlePercent}% → ${formatPercent(sharePpm)}`;
    },
  };
};

/** Each touch weighs its partner type's weight (unlisted types weigh 1); all zero falls back to last click. */
export const hybrid: ModelRule = (pool, config) => {
  const weightOf = config.hybrid.weightsByPartnerType;
  const weights = pool.map((screened) => weightOf[screened.touch.partnerType] ?? 1);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) {
    const fallback = lastClick(pool, config);
    const because = 'every counted touch weighs 0 under hybrid.weightsByPartnerType';
    return {
      ...fallback,
      reasonFor: (index, sharePpm) => `${fallback.reasonFor(index, sharePpm)} (last click, because ${because})`,
      note: `hybrid fell back to last click because ${because}`,
    };
  }
  return {
    weights: toProportionalIntegers(weights),
    reasonFor: (index, sharePpm) =>
      `hybrid: ${pool[index].touch.partnerType} partner, weight ${formatWeight(weights[index])} of ${formatWeight(total)} → ${formatPercent(sharePpm)}`,
  };
};

/** 2^40 steps keep the ratios to about 1e-12, far finer than the one-ppm shares they become. */
const PROPORTION_STEPS = 2 ** 40;

/** Non-negative real weights (at least one positive) as integers in the same proportions. */
function toProportionalIntegers(weights: readonly number[]): bigint[] {
  const largest = weights.reduce((max, weight) => Math.max(max, weight), 0);
  return weights.map((weight) => BigInt(Math.round((weight / largest) * PROPORTION_STEPS)));
}

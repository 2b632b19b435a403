import { allocate } from '../../money/allocate';
import type { AttributionModel } from '../attribution-config.schema';
import { attributedSummary, unattributedSummary } from './attribution-summary';
import {
  SHARE_SCALE,
  type AttributionInput,
  type AttributionResult,
  type AttributionShare,
  type CandidateTouch,
} from './attribution.types';
import type { ModelRule } from './attribution-model';
import { applyCouponPrecedence } from './coupon-precedence';
import { hybrid, linear, positionBased, timeDecay } from './multi-touch.models';
import { firstClick, lastClick } from './single-touch.models';
import { inTimeOrder, screenTouch, type ScreenedTouch } from './touch-screening';

const MODEL_RULES: Record<AttributionModel, ModelRule> = {
  last_click: lastClick,
  first_click: firstClick,
  linear,
  time_decay: timeDecay,
  position_based: positionBased,
  hybrid,
};

/**
 * Decides which partners earn a conversion and why. Pure and deterministic (safe in a workflow):
 * touches are screened (creditable, not after the conversion, within the window), coupon
 * precedence picks the touches the model weighs, the model weighs them, and the weights become
 * integer parts per million that sum to exactly SHARE_SCALE.
 */
export function attribute(input: AttributionInput): AttributionResult {
  const { config } = input;
  const conversionMs = input.conversionAt.getTime();
  if (Number.isNaN(conversionMs)) throw new RangeError('attribute needs a valid conversion time');

  const screened = inTimeOrder(input.touches).map((touch) => screenTouch(touch, conversionMs, config.windowDays));
  const precedence = applyCouponPrecedence(
    screened.filter((item) => !item.exclusion),
    config.couponPrecedence,
  );
  if (precedence.pool.length === 0) {
    return {
      model: config.model,
      outcome: 'unattributed',
      shares: [],
      candidates: screened.map((item) => candidate(item, false, 0, item.exclusion?.reason ?? 'not counted')),
      summary: unattributedSummary(screened, config),
    };
  }

  const verdict = MODEL_RULES[config.model](precedence.pool, config);
  const sharesPpm = splitShareScale(verdict.weights);
  const poolIndex = new Map(precedence.pool.map((item, index) => [item, index]));
  const candidates = screened.map((item) => {
    const index = poolIndex.get(item);
    if (index === undefined) {
      return candidate(item, false, 0, item.exclusion?.reason ?? precedence.setAside.get(item) ?? 'not counted');
    }
    return candidate(item, true, sharesPpm[index], verdict.reasonFor(index, sharesPpm[index]) + precedence.poolReasonSuffix);
  });
  const shares: AttributionShare[] = candidates
    .filter((item) => item.sharePpm > 0)
    .map(({ touchId, kind, partnerId, sharePpm }) => ({ touchId, kind, partnerId, sharePpm }));
  const notes = [precedence.note, verdict.note].filter((note): note is string => note !== undefined);
  return {
    model: config.model,
    outcome: 'attributed',
    shares,
    candidates,
    summary: attributedSummary({ config, shares, screened, countedCount: precedence.pool.length, notes }),
  };
}

/**
 * Largest remainder over the pool newest first, so that a ppm left over between equal weights
 * goes to the more recent touch (three linear touches: 333 333, 333 333, 333 334).
 */
function splitShareScale(weights: readonly bigint[]): number[] {
  return allocate(BigInt(SHARE_SCALE), [...weights].reverse())
    .map(Number)
    .reverse();
}

function candidate({ touch }: ScreenedTouch, counted: boolean, sharePpm: number, reason: string): CandidateTouch {
  const at = Number.isNaN(touch.at.getTime()) ? 'invalid date' : touch.at.toISOString();
  return { touchId: touch.id, kind: touch.kind, partnerId: touch.partnerId, at, counted, sharePpm, reason };
}

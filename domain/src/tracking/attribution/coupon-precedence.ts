import type { CouponPrecedence } from '../attribution-config.schema';
import { plural } from './attribution-text';
import type { ScreenedTouch } from './touch-screening';

export interface PrecedenceOutcome {
  /** The touches the model weighs, in time order. */
  pool: ScreenedTouch[];
  /** Touches that would count but lost to the other kind, with the reason shown for them. */
  setAside: Map<ScreenedTouch, string>;
  /** Appended to the reason of every pooled touch, so a winning coupon says why clicks lost. */
  poolReasonSuffix: string;
  /** For the summary, when precedence changed the outcome. */
  note?: string;
}

const COUPON_WINS = 'coupon takes precedence over clicks (couponPrecedence: coupon)';
const CLICK_WINS = 'a click in the window takes precedence over coupons (couponPrecedence: click)';

/**
 * Decides which counted touches the model sees. Under `coupon` and `click` several touches of the
 * winning kind may remain (two coupons at one checkout): the model then splits among those alone.
 */
export function applyCouponPrecedence(eligible: readonly ScreenedTouch[], precedence: CouponPrecedence): PrecedenceOutcome {
  const clicks = eligible.filter((screened) => screened.touch.kind === 'click');
  const coupons = eligible.filter((screened) => screened.touch.kind === 'coupon');
  if (precedence === 'model' || clicks.length === 0 || coupons.length === 0) {
    const couponStandsInForClicks = precedence === 'click' && coupons.length > 0;
    return {
      pool: [...eligible],
      setAside: new Map(),
      poolReasonSuffix: couponStandsInForClicks ? ' (no click counts, so the coupon does; couponPrecedence: click)' : '',
    };
  }
  if (precedence === 'coupon') {
    return {
      pool: coupons,
      setAside: new Map(clicks.map((screened) => [screened, COUPON_WINS])),
      poolReasonSuffix: ` — ${COUPON_WINS}`,
      note: `${coupons.length === 1 ? 'the coupon' : `${coupons.length} coupons`} took precedence over ${plural(clicks.length, 'click')} in the window (couponPrecedence: coupon)`,
    };
  }
  return {
    pool: clicks,
    setAside: new Map(coupons.map((screened) => [screened, CLICK_WINS])),
    poolReasonSuffix: '',
    note: `clicks in the window took precedence over ${plural(coupons.length, 'coupon')} (couponPrecedence: click)`,
  };
}

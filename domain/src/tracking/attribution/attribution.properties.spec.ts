import fc from 'fast-check';
import { PARTNER_TYPES } from '../../partners/partner.schema';
import { ATTRIBUTION_MODELS, attributionConfigSchema, COUPON_PRECEDENCES, type AttributionConfig } from '../attribution-config.schema';
import { attribute } from './attribution.engine';
import { CONVERSION_AT } from './attribution.fixtures';
import { SHARE_SCALE, type AttributionResult, type Touch } from './attribution.types';

const DAY = 86_400_000;
const conversionMs = CONVERSION_AT.getTime();

/** Ages from two days after the conversion to 45 days before; whole days often, so equal times and the boundary come up. */
const ageMsArb = fc.oneof(fc.integer({ min: -2 * DAY, max: 45 * DAY }), fc.integer({ min: -2, max: 45 }).map((days) => days * DAY));

interface HistoryOptions {
  coupons?: boolean;
  alwaysCreditable?: boolean;
  maxAgeMs?: number;
  minLength?: number;
}

function historyArb({ coupons = true, alwaysCreditable = false, maxAgeMs, minLength = 0 }: HistoryOptions = {}): fc.Arbitrary<Touch[]> {
  const touchArb = fc.record({
    kind: coupons ? fc.constantFrom('click', 'click', 'click', 'coupon') : fc.constant('click'),
    partnerId: fc.constantFrom('ptn_a', 'ptn_b', 'ptn_c', 'ptn_d'),
    partnerType: fc.constantFrom(...PARTNER_TYPES),
    ageMs: maxAgeMs === undefined ? ageMsArb : fc.integer({ min: 0, max: maxAgeMs }),
    creditable: alwaysCreditable ? fc.constant(true) : fc.boolean(),
  });
  return fc.array(touchArb, { minLength, maxLength: 20 }).map((drafts) =>
    drafts.map(({ kind, ageMs, ...rest }, index): Touch => ({
      ...rest,
      id: `${kind === 'click' ? 'clk' : 'cpn'}_${(index * 7919) % 1000}_${index}`,
      kind: kind as Touch['kind'],
      at: new Date(kind === 'coupon' ? conversionMs : conversionMs - ageMs),
      ...(rest.creditable ? {} : { nonCreditableReason: 'bot click' }),
    })),
  );
}

const configArb: fc.Arbitrary<AttributionConfig> = fc
  .record({
    model: fc.constantFrom(...ATTRIBUTION_MODELS),
    windowDays: fc.integer({ min: 1, max: 60 }),
    couponPrecedence: fc.constantFrom(...COUPON_PRECEDENCES),
    timeDecay: fc.record({ halfLifeDays: fc.double({ min: 0.01, max: 365, noNaN: true }) }),
    positionBased: fc.integer({ min: 0, max: 100 }).chain((firstPercent) =>
      fc.record({ firstPercent: fc.constant(firstPercent), lastPercent: fc.integer({ min: 0, max: 100 - firstPercent }) }),
    ),
    hybrid: fc.record({
      weightsByPartnerType: fc.dictionary(fc.constantFrom(...PARTNER_TYPES), fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true }))),
    }),
  })
  .map((document) => attributionConfigSchema.safeParse(document))
  .filter((parsed) => parsed.success)
  .map((parsed) => parsed.data as AttributionConfig);

const run = (config: AttributionConfig, touches: readonly Touch[]) => attribute({ config, conversionAt: CONVERSION_AT, touches });
const withModel = (config: AttributionConfig, changes: Partial<AttributionConfig>): AttributionConfig => ({ ...config, ...changes });
const isEligible = (touch: Touch, windowDays: number) =>
  touch.creditable && touch.at.getTime() <= conversionMs && conversionMs - touch.at.getTime() <= windowDays * DAY;
const countedOf = (result: AttributionResult) => result.candidates.filter((candidate) => candidate.counted);

describe('attribute: properties', () => {
  it('shares sum exactly to SHARE_SCALE when attributed, and are empty otherwise', () => {
    fc.assert(
      fc.property(configArb, historyArb(), (config, touches) => {
        const result = run(config, touches);
        const total = result.shares.reduce((sum, share) => sum + share.sharePpm, 0);
        const attributable = touches.some((touch) => isEligible(touch, config.windowDays));
        expect(result.outcome).toBe(attributable ? 'attributed' : 'unattributed');
        expect(total).toBe(attributable ? SHARE_SCALE : 0);
        expect(result.shares.every((share) => Number.isInteger(share.sharePpm) && share.sharePpm > 0)).toBe(true);
      }),
    );
  });

  it('lists every touch in time order; only counted touches earn, and only eligible touches count', () => {
    fc.assert(
      fc.property(configArb, historyArb(), (config, touches) => {
        const result = run(config, touches);
        const byId = new Map(touches.map((touch) => [touch.id, touch]));
        expect(result.candidates).toHaveLength(touches.length);
        result.candidates.forEach((candidate, index) => {
          const touch = byId.get(candidate.touchId)!;
          expect(candidate.reason.length).toBeGreaterThan(0);
          if (!candidate.counted) expect(candidate.sharePpm).toBe(0);
          if (candidate.counted) expect(isEligible(touch, config.windowDays)).toBe(true);
          const previous = result.candidates[index - 1];
          const inOrder = !previous || previous.at < candidate.at || (previous.at === candidate.at && previous.touchId < candidate.touchId);
          expect(inOrder).toBe(true);
        });
        const countedIds = new Set(countedOf(result).map((candidate) => candidate.touchId));
        expect(result.shares.every((share) => countedIds.has(share.touchId))).toBe(true);
      }),
    );
  });

  it('does not depend on the order the touches arrive in', () => {
    const shuffled = historyArb().chain((touches) =>
      fc.tuple(fc.constant(touches), fc.shuffledSubarray(touches, { minLength: touches.length, maxLength: touches.length })),
    );
    fc.assert(fc.property(configArb, shuffled, (config, [touches, reordered]) => expect(run(config, reordered)).toEqual(run(config, touches))));
  });

  it('counts a click exactly windowDays before the conversion and not one millisecond more', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const at = (ms: number) => [{ id: 'clk_1', kind: 'click' as const, partnerId: 'ptn_a', partnerType: 'content' as const, at: new Date(ms), creditable: true }];
        expect(run(config, at(conversionMs - config.windowDays * DAY)).outcome).toBe('attributed');
        expect(run(config, at(conversionMs - config.windowDays * DAY - 1)).outcome).toBe('unattributed');
      }),
    );
  });

  it('coupon precedence: coupon wins under "coupon", clicks win under "click", all touches share under "model"', () => {
    fc.assert(
      fc.property(configArb, historyArb(), (config, touches) => {
        const eligible = touches.filter((touch) => isEligible(touch, config.windowDays));
        const hasCoupon = eligible.some((touch) => touch.kind === 'coupon');
        const hasClick = eligible.some((touch) => touch.kind === 'click');
        const kinds = (result: AttributionResult) => new Set(result.shares.map((share) => share.kind));
        if (hasCoupon) expect(kinds(run(withModel(config, { couponPrecedence: 'coupon' }), touches))).toEqual(new Set(['coupon']));
        if (hasClick) expect(kinds(run(withModel(config, { couponPrecedence: 'click' }), touches))).toEqual(new Set(['click']));
        if (hasCoupon && !hasClick) expect(kinds(run(withModel(config, { couponPrecedence: 'click' }), touches))).toEqual(new Set(['coupon']));
        const linear = run(withModel(config, { couponPrecedence: 'model', model: 'linear' }), touches);
        expect(linear.shares).toHaveLength(eligible.length);
      }),
    );
  });

  it('time decay: a later counted touch never earns less than an earlier one', () => {
    fc.assert(
      fc.property(configArb, historyArb(), (config, touches) => {
        const counted = countedOf(run(withModel(config, { model: 'time_decay', couponPrecedence: 'model' }), touches));
        counted.slice(1).forEach((candidate, index) => expect(candidate.sharePpm).toBeGreaterThanOrEqual(counted[index].sharePpm));
      }),
    );
  });

  it('last click and first click credit the latest and the earliest counted touch (time, then id)', () => {
    fc.assert(
      fc.property(configArb, historyArb({ coupons: false }), (config, touches) => {
        const eligible = touches
          .filter((touch) => isEligible(touch, config.windowDays))
          .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
        const winner = (model: 'last_click' | 'first_click') => run(withModel(config, { model }), touches).shares.map((share) => share.touchId);
        expect(winner('last_click')).toEqual(eligible.slice(-1).map((touch) => touch.id));
        expect(winner('first_click')).toEqual(eligible.slice(0, 1).map((touch) => touch.id));
      }),
    );
  });

  it('position based 40/20/40 with three or more touches: 40% each end, the middle touches share 20%', () => {
    const history = historyArb({ coupons: false, alwaysCreditable: true, maxAgeMs: 30 * DAY, minLength: 3 });
    fc.assert(
      fc.property(configArb, history, (config, touches) => {
        const positional = withModel(config, { model: 'position_based', windowDays: 30, positionBased: { firstPercent: 40, lastPercent: 40 } });
        const shares = run(positional, touches).candidates.map((candidate) => candidate.sharePpm);
        const middle = shares.slice(1, -1);
        expect([shares[0], shares[shares.length - 1]]).toEqual([400_000, 400_000]);
        expect(middle.reduce((sum, share) => sum + share, 0)).toBe(200_000);
        middle.forEach((share) => expect(Math.abs(share - 200_000 / middle.length)).toBeLessThan(1));
      }),
    );
  });

  it('hybrid: each counted touch earns its partner type weight over the total, to the ppm', () => {
    fc.assert(
      fc.property(configArb, historyArb({ coupons: false }), (config, touches) => {
        const hybrid = withModel(config, { model: 'hybrid' });
        const result = run(hybrid, touches);
        const counted = countedOf(result);
        const byId = new Map(touches.map((touch) => [touch.id, touch]));
        const weightOf = (touchId: string) => hybrid.hybrid.weightsByPartnerType[byId.get(touchId)!.partnerType] ?? 1;
        const total = counted.reduce((sum, candidate) => sum + weightOf(candidate.touchId), 0);
        if (total === 0) return; // the last-click fallback, covered by the unit tests
        counted.forEach((candidate) => expect(Math.abs(candidate.sharePpm - (SHARE_SCALE * weightOf(candidate.touchId)) / total)).toBeLessThanOrEqual(1.000001));
      }),
    );
  });
});

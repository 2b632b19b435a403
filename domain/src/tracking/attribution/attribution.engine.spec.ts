import { attribute } from './attribution.engine';
import {
  attributeAtConversion,
  click,
  configOf,
  CONVERSION_AT,
  coupon,
  daysBefore,
  reasonOf,
  sharesById,
} from './attribution.fixtures';
import { SHARE_SCALE } from './attribution.types';

describe('attribute: which touches count', () => {
  it('lists every touch in time order and explains the ones that cannot earn, with numbers', () => {
    const result = attributeAtConversion({ windowDays: 30 }, [
      click('clk_late', 'ptn_a', new Date(CONVERSION_AT.getTime() + 2.5 * 3_600_000)),
      click('clk_old', 'ptn_a', daysBefore(34)),
      click('clk_bot', 'ptn_b', daysBefore(2), { creditable: false, nonCreditableReason: 'bot click' }),
      click('clk_gone', 'ptn_c', daysBefore(1), { creditable: false, nonCreditableReason: 'partner terminated' }),
      click('clk_ok', 'ptn_d', daysBefore(3)),
    ]);
    expect(result.candidates.map((candidate) => candidate.touchId)).toEqual(['clk_old', 'clk_ok', 'clk_bot', 'clk_gone', 'clk_late']);
    expect(reasonOf(result, 'clk_old')).toBe('outside the 30-day window (34 days before the conversion)');
    expect(reasonOf(result, 'clk_late')).toBe('after the conversion (2.5 hours after it)');
    expect(reasonOf(result, 'clk_bot')).toBe('bot click');
    expect(reasonOf(result, 'clk_gone')).toBe('partner terminated');
    expect(reasonOf(result, 'clk_ok')).toBe('most recent click in the window');
    expect(result.candidates.filter((candidate) => candidate.counted).map((candidate) => candidate.touchId)).toEqual(['clk_ok']);
    expect(result.candidates[0].at).toBe(daysBefore(34).toISOString());
  });

  it('counts a click exactly windowDays before the conversion, and not one millisecond earlier', () => {
    const boundary = daysBefore(30);
    const justOutside = new Date(boundary.getTime() - 1);
    expect(attributeAtConversion({ windowDays: 30 }, [click('clk_1', 'ptn_a', boundary)]).outcome).toBe('attributed');
    const outside = attributeAtConversion({ windowDays: 30 }, [click('clk_1', 'ptn_a', justOutside)]);
    expect(outside.outcome).toBe('unattributed');
    expect(outside.candidates[0].reason).toBe('outside the 30-day window (just over 30 days before the conversion)');
  });

  it('counts a click in the same millisecond as the conversion', () => {
    const result = attributeAtConversion({ model: 'time_decay' }, [click('clk_1', 'ptn_a', CONVERSION_AT)]);
    expect(result.candidates[0].reason).toBe('time decay: at the conversion, weight 1 of 1 → 100%');
  });

  it('explains an unattributed conversion by what kept each touch out', () => {
    const result = attributeAtConversion({}, [
      click('clk_1', 'ptn_a', daysBefore(40)),
      click('clk_2', 'ptn_a', daysBefore(31)),
      click('clk_3', 'ptn_b', daysBefore(1), { creditable: false, nonCreditableReason: 'bot click' }),
      click('clk_4', 'ptn_b', daysBefore(1), { creditable: false, nonCreditableReason: 'bot click' }),
      click('clk_5', 'ptn_c', daysBefore(1), { creditable: false }),
    ]);
    expect(result).toMatchObject({ model: 'last_click', outcome: 'unattributed', shares: [] });
    expect(result.candidates.every((candidate) => !candidate.counted && candidate.sharePpm === 0)).toBe(true);
    expect(reasonOf(result, 'clk_5')).toBe('not creditable');
    expect(result.summary).toBe(
      'No partner earns this conversion under last click: none of its 5 touches counts ' +
        '(2 outside the 30-day window, bot click ×2, not creditable).',
    );
  });

  it('says so when a conversion has no touches at all', () => {
    const result = attributeAtConversion({}, []);
    expect(result).toEqual({
      model: 'last_click',
      outcome: 'unattributed',
      shares: [],
      candidates: [],
      summary: 'No partner earns this conversion: no click or coupon was recorded for it.',
    });
  });

  it('keeps a touch without a valid time out of the credit instead of failing', () => {
    const result = attributeAtConversion({}, [click('clk_bad', 'ptn_a', new Date(Number.NaN)), click('clk_ok', 'ptn_b', daysBefore(1))]);
    expect(result.candidates.map(({ touchId, at, reason }) => [touchId, at, reason])).toEqual([
      ['clk_ok', daysBefore(1).toISOString(), 'most recent click in the window'],
      ['clk_bad', 'invalid date', 'no valid time recorded'],
    ]);
  });

  it('refuses an invalid conversion time', () => {
    expect(() => attribute({ config: configOf(), conversionAt: new Date('nope'), touches: [] })).toThrow(RangeError);
  });
});

describe('attribute: coupon precedence', () => {
  const touches = [click('clk_1', 'ptn_a', daysBefore(5)), click('clk_2', 'ptn_b', daysBefore(1)), coupon('SAVE10', 'ptn_c')];

  it('coupon: a counted coupon takes the whole conversion; clicks are listed but earn nothing', () => {
    const result = attributeAtConversion({ couponPrecedence: 'coupon', model: 'linear' }, touches);
    expect(sharesById(result)).toEqual({ clk_1: 0, clk_2: 0, SAVE10: SHARE_SCALE });
    expect(result.candidates.map((candidate) => candidate.counted)).toEqual([false, false, true]);
    expect(reasonOf(result, 'clk_2')).toBe('coupon takes precedence over clicks (couponPrecedence: coupon)');
    expect(reasonOf(result, 'SAVE10')).toBe('linear: the only counted touch → 100% — coupon takes precedence over clicks (couponPrecedence: coupon)');
    expect(result.summary).toBe(
      'Partner ptn_c earns the whole conversion under linear through coupon SAVE10. ' +
        '1 of 3 touches counted; the coupon took precedence over 2 clicks in the window (couponPrecedence: coupon).',
    );
  });

  it('coupon: clicks decide when the coupon itself does not count', () => {
    const paused = coupon('SAVE10', 'ptn_c', { creditable: false, nonCreditableReason: 'partner paused' });
    const result = attributeAtConversion({ couponPrecedence: 'coupon' }, [touches[0], touches[1], paused]);
    expect(sharesById(result)).toEqual({ clk_1: 0, clk_2: SHARE_SCALE, SAVE10: 0 });
    expect(reasonOf(result, 'SAVE10')).toBe('partner paused');
  });

  it('click: a counted click beats the coupon', () => {
    const result = attributeAtConversion({ couponPrecedence: 'click' }, touches);
    expect(sharesById(result)).toEqual({ clk_1: 0, clk_2: SHARE_SCALE, SAVE10: 0 });
    expect(reasonOf(result, 'SAVE10')).toBe('a click in the window takes precedence over coupons (couponPrecedence: click)');
    expect(result.summary).toMatch(/clicks in the window took precedence over 1 coupon \(couponPrecedence: click\)\.$/);
  });

  it('click: the coupon counts when no click does', () => {
    const result = attributeAtConversion({ couponPrecedence: 'click' }, [click('clk_1', 'ptn_a', daysBefore(45)), coupon('SAVE10', 'ptn_c')]);
    expect(sharesById(result)).toEqual({ clk_1: 0, SAVE10: SHARE_SCALE });
    expect(reasonOf(result, 'SAVE10')).toBe(
      'most recent touch: the coupon used at the conversion (no click counts, so the coupon does; couponPrecedence: click)',
    );
  });

  it('model: the coupon is one more touch at the conversion time', () => {
    const linear = attributeAtConversion({ couponPrecedence: 'model', model: 'linear' }, touches);
    expect(sharesById(linear)).toEqual({ clk_1: 333_333, clk_2: 333_333, SAVE10: 333_334 });
    const firstClick = attributeAtConversion({ couponPrecedence: 'model', model: 'first_click' }, touches);
    expect(sharesById(firstClick)).toEqual({ clk_1: SHARE_SCALE, clk_2: 0, SAVE10: 0 });
    expect(reasonOf(firstClick, 'SAVE10')).toBe('an earlier touch wins under first click (click clk_1 of partner ptn_a)');
  });

  it('coupon: two coupons at one checkout are split by the model among themselves', () => {
    const twoCoupons = [...touches, coupon('VIP', 'ptn_d')];
    const result = attributeAtConversion({ couponPrecedence: 'coupon', model: 'linear' }, twoCoupons);
    expect(sharesById(result)).toEqual({ clk_1: 0, clk_2: 0, SAVE10: 500_000, VIP: 500_000 });
    expect(result.summary).toMatch(/2 coupons took precedence over 2 clicks/);
  });
});

describe('attribute: determinism and output', () => {
  const touches = [
    click('clk_b', 'ptn_a', daysBefore(2)),
    click('clk_a', 'ptn_b', daysBefore(2)),
    click('clk_c', 'ptn_a', daysBefore(9)),
    click('clk_d', 'ptn_a', daysBefore(1)),
  ];

  it('gives the same result whatever order the touches arrive in', () => {
    for (const model of ['last_click', 'first_click', 'linear', 'time_decay', 'position_based', 'hybrid'] as const) {
      const forward = attributeAtConversion({ model }, touches);
      expect(attributeAtConversion({ model }, [...touches].reverse())).toEqual(forward);
    }
  });

  it('orders touches of the same millisecond by touch id', () => {
    const sameTime = [click('clk_2', 'ptn_b', daysBefore(1)), click('clk_1', 'ptn_a', daysBefore(1))];
    expect(attributeAtConversion({ model: 'last_click' }, sameTime).shares[0].touchId).toBe('clk_2');
    expect(attributeAtConversion({ model: 'first_click' }, sameTime).shares[0].touchId).toBe('clk_1');
  });

  it('gives each touch of the same partner its own share, and sums them per partner in the summary', () => {
    const result = attributeAtConversion({ model: 'linear' }, touches);
    expect(result.shares).toEqual([
      { touchId: 'clk_c', kind: 'click', partnerId: 'ptn_a', sharePpm: 250_000 },
      { touchId: 'clk_a', kind: 'click', partnerId: 'ptn_b', sharePpm: 250_000 },
      { touchId: 'clk_b', kind: 'click', partnerId: 'ptn_a', sharePpm: 250_000 },
      { touchId: 'clk_d', kind: 'click', partnerId: 'ptn_a', sharePpm: 250_000 },
    ]);
    expect(result.summary).toBe('Linear splits the conversion among 2 partners: ptn_a 75%, ptn_b 25%. 4 of 4 touches counted.');
  });

  it('names the partner and the touch when one partner takes it all', () => {
    const result = attributeAtConversion({}, [click('clk_1', 'ptn_a', daysBefore(40)), click('clk_2', 'ptn_a', daysBefore(3))]);
    expect(result.summary).toBe(
      'Partner ptn_a earns the whole conversion under last click through click clk_2. 1 of 2 touches counted; not counted: 1 outside the 30-day window.',
    );
  });

});

import { attributeAtConversion, click, daysBefore, reasonOf, sharesById, threeTouchJourney as journey } from './attribution.fixtures';
import { SHARE_SCALE } from './attribution.types';

/** Hand-checked numbers; the journey is three clicks 14, 7 and 0 days before the conversion (content, influencer, coupon partners). */

describe('linear', () => {
  it('splits equally; the ppm left over goes to the most recent touch', () => {
    const result = attributeAtConversion({ model: 'linear' }, journey);
    expect(sharesById(result)).toEqual({ clk_1: 333_333, clk_2: 333_333, clk_3: 333_334 });
    expect(reasonOf(result, 'clk_1')).toBe('linear: 1 of 3 counted touches → 33.33%');
  });
});

describe('time decay', () => {
  it('halves the weight every half-life: 14, 7 and 0 days weigh 1/4, 1/2 and 1 of 1.75', () => {
    const result = attributeAtConversion({ model: 'time_decay', timeDecay: { halfLifeDays: 7 } }, journey);
    // 1/7, 2/7, 4/7 of a million = 142 857.14, 285 714.29, 571 428.57: the largest remainder takes the spare ppm.
    expect(sharesById(result)).toEqual({ clk_1: 142_857, clk_2: 285_714, clk_3: 571_429 });
    expect(reasonOf(result, 'clk_2')).toBe('time decay: 7 days before the conversion, weight 0.5 of 1.75 → 28.57%');
    expect(reasonOf(result, 'clk_3')).toBe('time decay: at the conversion, weight 1 of 1.75 → 57.14%');
  });

  it('explains fractional ages the way an operator reads them', () => {
    const touches = [click('clk_1', 'ptn_a', daysBefore(3.2)), click('clk_2', 'ptn_b', daysBefore(0))];
    const result = attributeAtConversion({ model: 'time_decay' }, touches);
    // 2^(−3.2/7) = 0.7284; 0.7284 / 1.7284 = 42.14%.
    expect(reasonOf(result, 'clk_1')).toBe('time decay: 3.2 days before the conversion, weight 0.73 of 1.73 → 42.14%');
    expect(sharesById(result)).toEqual({ clk_1: 421_439, clk_2: 578_561 });
  });

  it('still credits the newest touch when a tiny half-life makes every weight at the conversion underflow', () => {
    const touches = [click('clk_1', 'ptn_a', daysBefore(29)), click('clk_2', 'ptn_b', daysBefore(28))];
    const result = attributeAtConversion({ model: 'time_decay', timeDecay: { halfLifeDays: 0.01 } }, touches);
    expect(sharesById(result)).toEqual({ clk_1: 0, clk_2: SHARE_SCALE });
    expect(reasonOf(result, 'clk_2')).toBe(
      'time decay: 28 days before the conversion, weight 1 of 1 (weights relative to the most recent touch) → 100%',
    );
  });
});

describe('position based', () => {
  const five = [...journey, click('clk_4', 'ptn_d', daysBefore(3)), click('clk_5', 'ptn_e', daysBefore(1))];

  it('40/20/40 over three touches: the middle one takes the 20%', () => {
    const result = attributeAtConversion({ model: 'position_based' }, journey);
    expect(sharesById(result)).toEqual({ clk_1: 400_000, clk_2: 200_000, clk_3: 400_000 });
    expect(reasonOf(result, 'clk_1')).toBe('position-based: first touch, 40% → 40%');
    expect(reasonOf(result, 'clk_2')).toBe('position-based: the middle touch, 20% → 20%');
    expect(result.summary).toMatch(/^Position-based \(40\/20\/40\) splits the conversion among 3 partners/);
  });

  it('40/20/40 over five touches: three middle touches share 20%, spare ppm to the most recent', () => {
    const result = attributeAtConversion({ model: 'position_based' }, five);
    expect(sharesById(result)).toEqual({ clk_1: 400_000, clk_2: 66_666, clk_4: 66_667, clk_5: 66_667, clk_3: 400_000 });
    expect(reasonOf(result, 'clk_4')).toBe('position-based: one of 3 middle touches sharing 20% → 6.67%');
  });

  it('one touch takes 100%; two split in proportion firstPercent:lastPercent', () => {
    expect(sharesById(attributeAtConversion({ model: 'position_based' }, journey.slice(0, 1)))).toEqual({ clk_1: SHARE_SCALE });
    const two = attributeAtConversion({ model: 'position_based', positionBased: { firstPercent: 30, lastPercent: 50 } }, journey.slice(0, 2));
    expect(sharesById(two)).toEqual({ clk_1: 375_000, clk_2: 625_000 });
    expect(reasonOf(two, 'clk_2')).toBe('position-based: last of two touches, split 30:50 → 62.5%');
  });

  it('0/0 leaves everything to the middle touches, and two touches then split equally', () => {
    const zero = { model: 'position_based', positionBased: { firstPercent: 0, lastPercent: 0 } } as const;
    expect(sharesById(attributeAtConversion(zero, journey))).toEqual({ clk_1: 0, clk_2: SHARE_SCALE, clk_3: 0 });
    const two = attributeAtConversion(zero, journey.slice(0, 2));
    expect(sharesById(two)).toEqual({ clk_1: 500_000, clk_2: 500_000 });
    expect(reasonOf(two, 'clk_1')).toMatch(/both 0, so they split equally → 50%$/);
  });

  it('50/50 leaves middle touches counted with no share', () => {
    const result = attributeAtConversion({ model: 'position_based', positionBased: { firstPercent: 50, lastPercent: 50 } }, journey);
    expect(result.shares.map((share) => share.touchId)).toEqual(['clk_1', 'clk_3']);
    expect(result.candidates[1]).toMatchObject({ touchId: 'clk_2', counted: true, sharePpm: 0 });
  });
});

describe('hybrid', () => {
  it('weighs each touch by its partner type; unlisted types weigh 1', () => {
    const result = attributeAtConversion({ model: 'hybrid', hybrid: { weightsByPartnerType: { influencer: 2, coupon: 0.5 } } }, journey);
    // content 1, influencer 2, coupon 0.5 of 3.5.
    expect(sharesById(result)).toEqual({ clk_1: 285_714, clk_2: 571_429, clk_3: 142_857 });
    expect(reasonOf(result, 'clk_2')).toBe('hybrid: influencer partner, weight 2 of 3.5 → 57.14%');
  });

  it('a zero-weight type is counted but earns nothing', () => {
    const result = attributeAtConversion({ model: 'hybrid', hybrid: { weightsByPartnerType: { coupon: 0 } } }, journey);
    expect(sharesById(result)).toEqual({ clk_1: 500_000, clk_2: 500_000, clk_3: 0 });
    expect(result.candidates[2]).toMatchObject({ counted: true, reason: 'hybrid: coupon partner, weight 0 of 2 → 0%' });
  });

  it('falls back to last click, and says so, when every counted touch weighs 0', () => {
    const result = attributeAtConversion({ model: 'hybrid', hybrid: { weightsByPartnerType: { content: 0, influencer: 0 } } }, journey.slice(0, 2));
    expect(sharesById(result)).toEqual({ clk_1: 0, clk_2: SHARE_SCALE });
    expect(reasonOf(result, 'clk_2')).toBe(
      'most recent click in the window (last click, because every counted touch weighs 0 under hybrid.weightsByPartnerType)',
    );
    expect(result.model).toBe('hybrid');
    expect(result.summary).toMatch(/hybrid fell back to last click because every counted touch weighs 0/);
  });
});

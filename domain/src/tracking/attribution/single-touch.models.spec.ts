import { attributeAtConversion, click, daysBefore, reasonOf, sharesById, threeTouchJourney as journey } from './attribution.fixtures';
import { SHARE_SCALE } from './attribution.types';

describe('last click and first click', () => {
  it('last click gives everything to the most recent counted click and says who beat the others', () => {
    const result = attributeAtConversion({ model: 'last_click' }, journey);
    expect(sharesById(result)).toEqual({ clk_1: 0, clk_2: 0, clk_3: SHARE_SCALE });
    expect(reasonOf(result, 'clk_3')).toBe('most recent click in the window');
    expect(reasonOf(result, 'clk_1')).toBe('a later touch wins under last click (click clk_3 of partner ptn_c)');
    expect(result.candidates.every((candidate) => candidate.counted)).toBe(true);
  });

  it('first click gives everything to the earliest counted click', () => {
    const result = attributeAtConversion({ model: 'first_click' }, [click('clk_0', 'ptn_z', daysBefore(31)), ...journey]);
    expect(sharesById(result)).toEqual({ clk_0: 0, clk_1: SHARE_SCALE, clk_2: 0, clk_3: 0 });
    expect(reasonOf(result, 'clk_1')).toBe('earliest click in the window');
    expect(reasonOf(result, 'clk_3')).toBe('an earlier touch wins under first click (click clk_1 of partner ptn_a)');
  });
});

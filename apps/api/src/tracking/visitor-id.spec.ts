import { newId } from '@partnerflow/domain';
import { cookieValue, visitorCookieName, visitorIdOf } from './visitor-id';

const VISITOR_ID = /^vis_[0-9a-z]{26}$/;

describe('visitor ids', () => {
  it('keeps the id the browser sent in the visitor cookie next to the click cookie', () => {
    const known = newId('visitor');
    expect(visitorCookieName('pf_click')).toBe('pf_click_v');
    const clickId = newId('click');
    expect(visitorIdOf(`pf_click=clk_x; pf_click_v=${known}; other=1`, 'pf_click', clickId)).toBe(known);
    expect(visitorIdOf(`shop_v=${known}`, 'shop', clickId)).toBe(known);
  });

  it('names a new visitor after its click when the cookie is absent, belongs to another program, or is not one we issued', () => {
    const known = newId('visitor');
    for (const header of [undefined, '', 'pf_click=clk_1', `other_v=${known}`, 'pf_click_v=vis_short', `pf_click_v=${known.toUpperCase()}`, `pf_click_v=${newId('click')}`, `pf_click_v="${known}"`]) {
      const clickId = newId('click');
      const id = visitorIdOf(header, 'pf_click', clickId);
      expect(id).toMatch(VISITOR_ID);
      expect(id).toBe(`vis_${clickId.slice(4)}`);
    }
  });

  it('reads the first value of a cookie, tolerating spaces and values with "="', () => {
    expect(cookieValue('a=1;b=2; c = 3 ; a=4', 'a')).toBe('1');
    expect(cookieValue('a=1;b=2; c = 3 ', 'c')).toBe('3');
    expect(cookieValue('token=x=y', 'token')).toBe('x=y');
    expect(cookieValue('ab=1', 'a')).toBeUndefined();
    expect(cookieValue(undefined, 'a')).toBeUndefined();
  });
});

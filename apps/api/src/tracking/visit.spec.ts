import type { Request } from 'express';
import { clickCookie, visitOf } from './visit';

const request = (headers: Record<string, string>, query: Record<string, unknown> = {}) =>
  ({ ip: '::ffff:203.0.113.7', headers, query }) as unknown as Request;

describe('visitOf', () => {
  it('reads the user agent, referrer, country and sub ids of a visit', () => {
    const visit = visitOf(
      request(
        { 'user-agent': 'Mozilla/5.0', referer: 'https://blog.example.org/post', 'cf-ipcountry': 'de' },
        { sub1: 'header', sub3: ['first', 'second'], sub6: 'ignored', sub2: '  ' },
      ),
    );
    expect(visit).toEqual({
      ip: '::ffff:203.0.113.7',
      userAgent: 'Mozilla/5.0',
      referrer: 'https://blog.example.org/post',
      country: 'DE',
      subIds: { sub1: 'header', sub3: 'first' },
    });
  });

  it('cuts oversized values instead of failing the redirect', () => {
    const visit = visitOf(request({ 'user-agent': 'x'.repeat(5_000) }, { sub1: 'y'.repeat(1_000) }));
    expect(visit.userAgent).toHaveLength(1024);
    expect(visit.subIds.sub1).toHaveLength(255);
    expect(visit.referrer).toBeUndefined();
  });
});

describe('clickCookie', () => {
  it('is first-party, HttpOnly, Lax, for the whole attribution window', () => {
    expect(clickCookie({ name: 'pf_click', value: 'clk_1', maxAgeSeconds: 2_592_000 }, false)).toBe(
      'pf_click=clk_1; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax',
    );
    expect(clickCookie({ name: 'pf_click', value: 'clk_1', maxAgeSeconds: 60 }, true)).toMatch(/; Secure$/);
  });
});

import { parse as parseQuery } from 'node:querystring';
import type { Request } from 'express';
import { clickCookie, visitOf, visitQueryOf } from './visit';

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

describe('visitQueryOf', () => {
  const subIds = (rawQuery: string) => visitOf(request({}, visitQueryOf(rawQuery))).subIds;
  const subIdsByNode = (rawQuery: string) => visitOf(request({}, parseQuery(rawQuery))).subIds;

  it.each([
    '',
    'sub1=a&sub2=b&utm=x',
    'sub1=first&sub1=second',
    'sub1&sub2=&sub3==x',
    'sub6=x&xsub1=y&sub5=z',
    'sub1=a%20b&sub2=c+d',
    '%73ub1=encoded-key',
    'sub1=%00&sub2=x%00y',
    'a=1&&sub4=four&',
  ])('reads the sub ids of %j as node:querystring does', (rawQuery) => {
    expect(subIds(rawQuery)).toEqual(subIdsByNode(rawQuery));
  });

  it('drops NUL, which would fail the whole batch of clicks in PostgreSQL', () => {
    expect(subIds('sub1=%00&sub2=x%00y')).toEqual({ sub2: 'xy' });
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

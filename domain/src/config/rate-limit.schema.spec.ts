import { rateLimitSpec } from './rate-limit.schema';

describe('rateLimitSpec', () => {
  it.each([
    ['20/15m', { capacity: 20, perSeconds: 900 }],
    ['2000/1s', { capacity: 2000, perSeconds: 1 }],
    ['5/1h', { capacity: 5, perSeconds: 3600 }],
    [' 1/2d ', { capacity: 1, perSeconds: 172_800 }],
    ['off', null],
  ])('reads %j', (text, expected) => {
    expect(rateLimitSpec.parse(text)).toEqual(expected);
  });

  it.each(['0/1m', '5/0s', '5 per minute', '5/1w', '', '-1/1s'])('refuses %j with the format', (text) => {
    const result = rateLimitSpec.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/<requests>\/<window>/);
  });
});

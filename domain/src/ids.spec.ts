import { hasIdPrefix, newId } from './ids';

describe('newId', () => {
  it('carries the type prefix and sorts by creation time', () => {
    const earlier = newId('partner', Date.UTC(2026, 0, 1));
    const later = newId('partner', Date.UTC(2026, 0, 2));
    expect(earlier).toMatch(/^ptn_[0-9a-z]{26}$/);
    expect(earlier < later).toBe(true);
    expect(hasIdPrefix('partner', earlier)).toBe(true);
    expect(hasIdPrefix('program', earlier)).toBe(false);
  });

  it('does not collide within the same millisecond', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('message', now)));
    expect(ids.size).toBe(10_000);
  });
});

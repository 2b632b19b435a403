import { isLinkSlug, LINK_SLUG_LENGTH, newLinkSlug } from './link-slug';

describe('newLinkSlug', () => {
  it('is eight URL-safe characters', () => {
    const slug = newLinkSlug();
    expect(slug).toHaveLength(LINK_SLUG_LENGTH);
    expect(slug).toMatch(/^[0-9A-Za-z]+$/);
    expect(encodeURIComponent(slug)).toBe(slug);
    expect(isLinkSlug(slug)).toBe(true);
  });

  it('does not repeat across many draws and uses the whole alphabet', () => {
    const slugs = Array.from({ length: 20_000 }, () => newLinkSlug());
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(new Set(slugs.join('')).size).toBe(62);
  });

  it('honours a requested length', () => {
    expect(newLinkSlug(12)).toHaveLength(12);
  });
});

describe('isLinkSlug', () => {
  it('refuses what cannot be a slug, before any lookup', () => {
    for (const value of ['', 'abc', 'has space', 'dot.dot', '../etc', 'a'.repeat(33), 'ünïcode1']) {
      expect(isLinkSlug(value)).toBe(false);
    }
  });
});

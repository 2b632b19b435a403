/**
 * Short link slugs: random, URL-safe, case-sensitive. Eight characters of 62 give 2.2e14
 * possibilities, so a collision is rare enough to settle with a retry on the unique constraint.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The largest multiple of 62 below 256: bytes at or above it are redrawn, so every character is equally likely. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

export const LINK_SLUG_LENGTH = 8;
export const LINK_SLUG_PATTERN = /^[0-9A-Za-z]{4,32}$/;

export function newLinkSlug(length: number = LINK_SLUG_LENGTH): string {
  let slug = '';
  const bytes = new Uint8Array(length * 2);
  while (slug.length < length) {
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < UNBIASED_LIMIT) slug += ALPHABET[byte % ALPHABET.length];
      if (slug.length === length) break;
    }
  }
  return slug;
}

/** A cheap check before any lookup: anything else cannot be a slug we issued. */
export function isLinkSlug(value: string): boolean {
  return LINK_SLUG_PATTERN.test(value);
}

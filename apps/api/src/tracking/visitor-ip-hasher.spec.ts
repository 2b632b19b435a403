import { createHmac } from 'node:crypto';
import { VisitorIpHasher } from './visitor-ip-hasher';

describe('VisitorIpHasher', () => {
  const DATABASE_URL = 'postgresql://u:secret@db/partnerflow';

  it('stores a keyed hash, never the IP, and the same for an IPv4 visitor on either socket family', () => {
    const hasher = new VisitorIpHasher({ DATABASE_URL, CLICK_IP_SALT: 'a-salt-of-sixteen-chars' });
    const hash = hasher.hash('203.0.113.7');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('203');
    expect(hasher.hash('::ffff:203.0.113.7')).toBe(hash);
    expect(hasher.hash('203.0.113.8')).not.toBe(hash);
    expect(hasher.hash(undefined)).toBeNull();
  });

  it('depends on the salt, derived from DATABASE_URL when CLICK_IP_SALT is unset', () => {
    const derived = new VisitorIpHasher({ DATABASE_URL, CLICK_IP_SALT: undefined }).hash('203.0.113.7');
    const otherDatabase = new VisitorIpHasher({ DATABASE_URL: `${DATABASE_URL}2`, CLICK_IP_SALT: undefined }).hash('203.0.113.7');
    const salted = new VisitorIpHasher({ DATABASE_URL, CLICK_IP_SALT: 'a-salt-of-sixteen-chars' }).hash('203.0.113.7');
    expect(new Set([derived, otherDatabase, salted]).size).toBe(3);
  });

  it('is HMAC-SHA256 of the normalized address, for keys shorter and longer than a block', () => {
    for (const salt of ['a-salt-of-sixteen-chars', 'k'.repeat(64), 'a long salt '.repeat(20)]) {
      const hasher = new VisitorIpHasher({ DATABASE_URL, CLICK_IP_SALT: salt });
      for (const ip of ['203.0.113.7', '2001:DB8::1']) {
        expect(hasher.hash(ip)).toBe(createHmac('sha256', salt).update(ip.toLowerCase()).digest('hex'));
      }
    }
  });
});

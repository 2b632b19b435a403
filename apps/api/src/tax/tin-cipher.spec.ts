import { randomBytes } from 'node:crypto';
import { InvalidEnvironmentError, parseEnv } from '@partnerflow/domain';
import { DEVELOPMENT_TAX_DATA_KEY, taxDataKey, TaxDataUnreadableError, TinCipher } from './tin-cipher';

const DATABASE_URL = 'postgresql://u@db/x';
const cipher = new TinCipher(randomBytes(32));
const secrets = { tin: '123456789' };

/** Flips one bit of the base64url part at `index` of a `v1.iv.ciphertext.tag` value. */
function tamper(stored: string, index: number): string {
  const parts = stored.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('TinCipher (AES-256-GCM)', () => {
  it('round-trips the TINs and never stores them in clear', () => {
    const stored = cipher.encrypt({ foreignTin: 'DE123456789', usTin: '912701234' }, 'ptn_1');
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]{22}$/);
    expect(stored).not.toMatch(/123456789|912701234/);
    expect(cipher.decrypt(stored, 'ptn_1')).toEqual({ foreignTin: 'DE123456789', usTin: '912701234' });
  });

  it('uses a fresh IV every time', () => {
    expect(cipher.encrypt(secrets, 'ptn_1')).not.toBe(cipher.encrypt(secrets, 'ptn_1'));
  });

  it.each([
    ['the IV', 1],
    ['the ciphertext', 2],
    ['the tag', 3],
  ])('detects a change to %s', (_what, index) => {
    const stored = cipher.encrypt(secrets, 'ptn_1');
    expect(() => cipher.decrypt(tamper(stored, index), 'ptn_1')).toThrow(TaxDataUnreadableError);
  });

  it('refuses a ciphertext moved to another partner, another key, a truncated tag or another format', () => {
    const stored = cipher.encrypt(secrets, 'ptn_1');
    expect(() => cipher.decrypt(stored, 'ptn_2')).toThrow(TaxDataUnreadableError);
    expect(() => new TinCipher(randomBytes(32)).decrypt(stored, 'ptn_1')).toThrow(TaxDataUnreadableError);
    const [version, iv, body, tag] = stored.split('.');
    expect(() => cipher.decrypt([version, iv, body, tag.slice(0, 6)].join('.'), 'ptn_1')).toThrow(TaxDataUnreadableError);
    expect(() => cipher.decrypt(`v2.${iv}.${body}.${tag}`, 'ptn_1')).toThrow(TaxDataUnreadableError);
    expect(() => cipher.decrypt('123456789', 'ptn_1')).toThrow(TaxDataUnreadableError);
  });

  it('says nothing of the TIN when it fails', () => {
    const stored = cipher.encrypt(secrets, 'ptn_1');
    expect(() => cipher.decrypt(stored, 'ptn_2')).toThrow(/^the encrypted tax data of ptn_2 cannot be read/);
  });
});

describe('TAX_DATA_KEY', () => {
  const key = randomBytes(32).toString('base64');

  it('is the base64 of 32 bytes, or start-up stops naming the variable', () => {
    expect(taxDataKey(parseEnv({ DATABASE_URL, TAX_DATA_KEY: key }))).toEqual(Buffer.from(key, 'base64'));
    for (const bad of ['short', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), key.replace('=', '')]) {
      expect(() => parseEnv({ DATABASE_URL, TAX_DATA_KEY: bad })).toThrow(InvalidEnvironmentError);
      expect(() => parseEnv({ DATABASE_URL, TAX_DATA_KEY: bad })).toThrow(/TAX_DATA_KEY: must be the base64 of 32 random bytes/);
    }
  });

  it('is required in production and defaults to the public development key elsewhere', () => {
    expect(() => taxDataKey(parseEnv({ DATABASE_URL, NODE_ENV: 'production' }))).toThrow(/TAX_DATA_KEY: is required in production/);
    expect(taxDataKey(parseEnv({ DATABASE_URL, NODE_ENV: 'test' }))).toBe(DEVELOPMENT_TAX_DATA_KEY);
    expect(DEVELOPMENT_TAX_DATA_KEY).toHaveLength(32);
  });
});

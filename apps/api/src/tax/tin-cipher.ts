import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { InvalidEnvironmentError, type Env, type TaxProfileSecrets } from '@partnerflow/domain';

/**
 * The key used when TAX_DATA_KEY is unset outside production: derived from a fixed, published
 * text, so development databases and tests work without setup — and protect nothing.
 */
export const DEVELOPMENT_TAX_DATA_KEY = createHash('sha256').update('partnerflow development tax data key (public: never for real data)').digest();

/** TAX_DATA_KEY as 32 bytes; a production process without one stops at start, naming the variable. */
export function taxDataKey(env: Pick<Env, 'TAX_DATA_KEY' | 'NODE_ENV'>): Buffer {
  if (env.TAX_DATA_KEY) return Buffer.from(env.TAX_DATA_KEY, 'base64');
  if (env.NODE_ENV === 'production') {
    throw new InvalidEnvironmentError([
      { variable: 'TAX_DATA_KEY', message: 'is required in production: the base64 of 32 random bytes (openssl rand -base64 32)' },
    ]);
  }
  return DEVELOPMENT_TAX_DATA_KEY;
}

/** A stored TIN that does not decrypt: altered, moved to another partner, or under another key. */
export class TaxDataUnreadableError extends Error {
  constructor(partnerId: string) {
    super(`the encrypted tax data of ${partnerId} cannot be read: it was altered or encrypted under another TAX_DATA_KEY`);
    this.name = 'TaxDataUnreadableError';
  }
}

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * AES-256-GCM over the TINs of a tax profile (as JSON), stored as `v1.<iv>.<ciphertext>.<tag>`
 * (base64url). The partner id is authenticated data: a ciphertext copied onto another partner's
 * row fails to decrypt, as does any changed byte. `v1` leaves room for a key rotation.
 */
export class TinCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the tax data key must be 32 bytes');
  }

  encrypt(secrets: TaxProfileSecrets, partnerId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(partnerId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  decrypt(stored: string, partnerId: string): TaxProfileSecrets {
    const [version, iv, ciphertext, tag, ...rest] = stored.split('.');
    if (version !== VERSION || !iv || ciphertext === undefined || !tag || rest.length > 0) throw new TaxDataUnreadableError(partnerId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(partnerId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const clear = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(clear) as TaxProfileSecrets;
    } catch {
      throw new TaxDataUnreadableError(partnerId);
    }
  }
}

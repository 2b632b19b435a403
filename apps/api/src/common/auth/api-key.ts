import { createHash, randomBytes } from 'node:crypto';

/** API keys are stored as SHA-256 hashes: a leaked table does not leak usable keys. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(prefix = 'pf'): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** The part of a key safe to show in lists and logs. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, 10);
}

import { createHash } from 'node:crypto';

/**
 * API keys are stored as SHA-256 hashes (a leaked table leaks no usable key). Lives with the
 * schema because it defines what `api_keys.key_hash` holds; the api and the seed both use it.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key safe to show in lists and logs. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, 10);
}

'use strict';
// The development admin API key. The database keeps only a hash of it, so the plain key must be
// kept somewhere for the next `npm run dev` to print (and for the seed to recognise): .data/.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { repoPath } = require('./repo');

const KEY_FILE = repoPath('.data', 'admin-api-key');

/**
 * ADMIN_API_KEY from the environment, else the saved key, else a new one saved with mode 0600.
 * @returns {{ key: string, source: 'environment' | 'saved' | 'new' }}
 */
function resolveAdminApiKey() {
  if (process.env.ADMIN_API_KEY) return { key: process.env.ADMIN_API_KEY, source: 'environment' };
  if (fs.existsSync(KEY_FILE)) {
    const saved = fs.readFileSync(KEY_FILE, 'utf8').trim();
    if (saved) return { key: saved, source: 'saved' };
  }
  // 24 random bytes = 32 base64url characters.
  const key = `pf_admin_${crypto.randomBytes(24).toString('base64url')}`;
  fs.mkdirSync(path.dirname(KEY_FILE), { recursive: true });
  fs.writeFileSync(KEY_FILE, `${key}\n`, { mode: 0o600 });
  return { key, source: 'new' };
}

module.exports = { resolveAdminApiKey, KEY_FILE };

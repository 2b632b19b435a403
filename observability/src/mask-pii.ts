/**
 * Log hygiene: secrets never, personal data masked. `maskPii` rewrites a log line or value so that
 * emails, IPs, tax ids and bearer credentials are unreadable but still tell one from another in
 * shape (`a***@example.com`, `203.0.113.***`, `***-**-1234`, `Bearer pfs_…[redacted]`). Use it on
 * anything that may carry request data before it reaches a log.
 */

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const IPV4 = /\b(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}\b/g;
// Three or more colon-separated hex groups: IPv6 (times like 12:30:45 have only decimal digits ≤ 2 wide, see below).
const IPV6 = /\b((?:[0-9A-Fa-f]{1,4}:){2})(?:[0-9A-Fa-f]{0,4}:){1,5}[0-9A-Fa-f]{0,4}\b/g;
// US SSN / ITIN (123-45-6789), EIN (12-3456789), or 9+ digit runs such as unformatted TINs.
const TIN = /\b(?:\d{3}-\d{2}-|\d{2}-\d{3})(\d{4})\b|\b\d{5,}(\d{4})\b/g;
// Credentials: bearer tokens, our token prefixes, and key=value pairs naming a secret.
const BEARER = /\b(Bearer\s+)([A-Za-z0-9_]{0,4})[A-Za-z0-9._~+/=-]+/gi;
const TOKEN = /\b(pf[a-z]?_|pml_|pfs_|pbs_|whsec_)[A-Za-z0-9_-]{6,}/g;
const SECRET_PAIR = /\b((?:token|secret|password|passwd|api[_-]?key|signature|authorization)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi;

const isTime = (match: string) => /^\d{1,2}:\d{2}(:\d{2})?$/.test(match);

export function maskPii(text: string): string {
  return text
    .replace(BEARER, (_m, bearer: string, head: string) => `${bearer}${head}…[redacted]`)
    .replace(TOKEN, (_m, prefix: string) => `${prefix}…[redacted]`)
    .replace(SECRET_PAIR, (_m, name: string) => `${name}[redacted]`)
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
    .replace(IPV6, (match, head: string) => (isTime(match) ? match : `${head}***`))
    .replace(IPV4, (_m, head: string) => `${head}.***`)
    .replace(TIN, (_m, ssnLast4: string | undefined, runLast4: string | undefined) => `***${ssnLast4 ?? runLast4}`);
}

/** `maskPii` through a whole value (objects and arrays included), e.g. a structured log record. */
export function maskPiiDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPii(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskPiiDeep(item)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskPiiDeep(item)])) as T;
  }
  return value;
}

/**
 * Partner link destinations: which ones a program allows, and the redirect target with the click
 * id added. Pure string work on WHATWG URLs, safe in the workflow sandbox too.
 */

export type DestinationCheck =
  | { ok: true; url: string }
  | { ok: false; reason: string };

/** True when `host` is `domain` or one of its subdomains ("shop.example.com" under "example.com"). */
export function hostIsWithin(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}

/** Parses a destination and checks it against the program's allowed domains; `url` is normalized. */
export function checkDestination(destination: string, allowedDomains: readonly string[]): DestinationCheck {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return { ok: false, reason: 'is not a valid absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'must be an http:// or https:// URL' };
  }
  if (!allowedDomains.some((domain) => hostIsWithin(url.hostname, domain))) {
    return { ok: false, reason: `host ${url.hostname} is not on the program's allowed domains (${allowedDomains.join(', ')})` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'must not contain credentials' };
  }
  return { ok: true, url: url.href };
}

/**
 * The destination with `param=value` added to its query. The existing query and fragment are kept
 * byte for byte (re-serializing through URLSearchParams would re-encode them); an earlier value of
 * the same parameter is dropped, so the destination never sees a stale click id first.
 */
export function withQueryParam(destination: string, param: string, value: string): string {
  const hashAt = destination.indexOf('#');
  const beforeHash = hashAt === -1 ? destination : destination.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : destination.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);

  const kept = query.split('&').filter((pair) => pair !== '' && decodedName(pair) !== param);
  kept.push(`${encodeURIComponent(param)}=${encodeURIComponent(value)}`);
  return `${base}?${kept.join('&')}${fragment}`;
}

function decodedName(pair: string): string {
  const eq = pair.indexOf('=');
  const raw = (eq === -1 ? pair : pair.slice(0, eq)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

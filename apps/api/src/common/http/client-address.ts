import type { IncomingMessage } from 'node:http';

/**
 * Whether the address `hop` steps from the api (0: the socket's peer) is a proxy to believe —
 * express's compiled `trust proxy` setting, so both request paths agree on who the visitor is.
 */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The visitor's address as express's `request.ip` reads it: the socket's peer, unless that peer is
 * a trusted proxy; then X-Forwarded-For from the right, hop by hop, stopping at the first address
 * that is not trusted (or the leftmost). Entries are split on commas and stripped of spaces, as
 * express does, so a deployment's TRUST_PROXY means the same on the fast path and through Nest.
 */
export function clientAddressOf(request: IncomingMessage, trust: TrustProxy): string | undefined {
  const peer = request.socket.remoteAddress;
  if (peer === undefined || !trust(peer, 0)) return peer;
  const header = request.headers['x-forwarded-for'];
  // Node joins repeated X-Forwarded-For headers into one; the array is only the type's possibility.
  const forwardedFor = Array.isArray(header) ? header.join(',') : header;
  if (!forwardedFor) return peer;
  const hops = forwardedFor
    .split(',')
    .map((entry) => entry.replace(/^ +| +$/g, ''))
    .filter((entry) => entry !== '')
    .reverse();
  let address = peer;
  for (let hop = 1; hop <= hops.length; hop++) {
    address = hops[hop - 1];
    if (!trust(address, hop)) break;
  }
  return address;
}

/** https when the socket is TLS, or when a trusted proxy says so in X-Forwarded-Proto (express's `request.protocol`). */
export function isHttpsRequest(request: IncomingMessage, trust: TrustProxy): boolean {
  const encrypted = 'encrypted' in request.socket && request.socket.encrypted === true;
  const peer = request.socket.remoteAddress;
  if (peer === undefined || !trust(peer, 0)) return encrypted;
  const header = request.headers['x-forwarded-proto'];
  const proto = typeof header === 'string' && header !== '' ? header.split(',')[0].trim() : encrypted ? 'https' : 'http';
  return proto === 'https';
}

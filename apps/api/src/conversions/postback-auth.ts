import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '@partnerflow/domain';

/** How far a signed request's timestamp may be from our clock: wider admits replays, narrower clock skew. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export interface IntegrationCredentials {
  /** The program's secret itself (`token=` on a postback, `Authorization: Bearer` on an event). */
  token?: string;
  /** HMAC-SHA256 of `<timestamp>.<signedPayload>` with the secret, hex. */
  signature?: string;
  /** Unix seconds the sender signed at. */
  timestamp?: string;
  /** What was signed: the query string without `signature`, or the raw request body. */
  signedPayload?: string;
}

const unauthenticated = (message: string) => new DomainError(ErrorCode.UNAUTHENTICATED, message);

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares two secrets in constant time, whatever their lengths. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * A merchant or network proves it speaks for the program with the program's postback secret:
 * either sent as a token (simple, for networks that can only fill a URL template) or as an HMAC
 * signature with a timestamp, which never exposes the secret and rejects replays outside the window.
 */
export function verifyIntegrationCredentials(secret: string | null, credentials: IntegrationCredentials, now: Date): void {
  if (!secret) throw unauthenticated('this program has no postback secret yet: an admin creates one with POST /v1/programs/:programId/postback-secret');
  if (credentials.signature !== undefined) return verifySignature(secret, credentials, now);
  if (credentials.token !== undefined) {
    if (!sameSecret(credentials.token, secret)) throw unauthenticated('the token is not this program\'s postback secret');
    return;
  }
  throw unauthenticated('send the program\'s postback secret as a token, or an HMAC signature with a timestamp');
}

function verifySignature(secret: string, { signature, timestamp, signedPayload }: IntegrationCredentials, now: Date): void {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) throw unauthenticated('a signed request needs its timestamp (unix seconds)');
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > SIGNATURE_WINDOW_SECONDS) {
    throw unauthenticated(`the signature's timestamp is ${Math.round(skew)} s from our clock; at most ${SIGNATURE_WINDOW_SECONDS} s is accepted`);
  }
  if (signedPayload === undefined) throw unauthenticated('the signed payload could not be read');
  const expected = createHmac('sha256', secret).update(`${timestamp}.${signedPayload}`).digest('hex');
  if (!/^[0-9a-f]{64}$/i.test(signature!) || !sameSecret(signature!.toLowerCase(), expected)) {
    throw unauthenticated('the signature does not match: HMAC-SHA256 of "<timestamp>.<payload>" with the program\'s postback secret');
  }
}

/** `t=1700000000,v1=<hex>`, the header form of a signed event. */
export function parseSignatureHeader(header: string | undefined): { timestamp?: string; signature?: string } {
  if (!header) return {};
  const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  return { timestamp: parts.t, signature: parts.v1 ?? '' };
}

import type { IncomingHttpHeaders } from 'node:http';
import { countryFromHeaders } from '@partnerflow/domain';
import { SUB_ID_KEYS, SUB_ID_MAX_LENGTH, type SubIds } from './tracking.schemas';
import type { Visit } from './use-cases/follow-link.use-case';

const USER_AGENT_MAX_LENGTH = 1024;
const REFERRER_MAX_LENGTH = 2048;

/** What a visit is read from: an express request, or the fast path's raw one (redirect/fast-redirect.ts). */
export interface VisitRequest {
  /** The visitor's address, as the deployment's TRUST_PROXY resolves it. */
  ip: string | undefined;
  headers: IncomingHttpHeaders;
  /** The parsed query string (express's "simple" parser: node:querystring). */
  query: Record<string, unknown>;
}

/**
 * The visit as the request describes it. Lenient on purpose: a malformed sub id or an oversized
 * header is cut or ignored, never a reason to fail a visitor's redirect.
 */
export function visitOf(request: VisitRequest): Visit {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, USER_AGENT_MAX_LENGTH) || undefined,
    referrer: request.headers.referer?.slice(0, REFERRER_MAX_LENGTH) || undefined,
    country: countryFromHeaders(request.headers),
    subIds: subIdsOf(request.query),
    cookieHeader: request.headers.cookie,
  };
}

function subIdsOf(query: VisitRequest['query']): SubIds {
  const subIds: SubIds = {};
  for (const key of SUB_ID_KEYS) {
    const raw = query[key];
    const value = (Array.isArray(raw) ? raw[0] : raw);
    if (typeof value === 'string' && value.trim() !== '') subIds[key] = value.trim().slice(0, SUB_ID_MAX_LENGTH);
  }
  return subIds;
}

/** `name=value; Max-Age=…; Path=/; HttpOnly; SameSite=Lax[; Secure]` — names and values are token-safe by schema and id format. */
export function clickCookie(cookie: { name: string; value: string; maxAgeSeconds: number }, secure: boolean): string {
  return `${cookie.name}=${cookie.value}; Max-Age=${cookie.maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

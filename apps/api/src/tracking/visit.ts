import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
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
    const first: unknown = Array.isArray(raw) ? raw[0] : raw;
    if (typeof first !== 'string') continue;
    // NUL is the one character PostgreSQL's text refuses: kept, it would fail its whole batch of clicks.
    const value = first.replaceAll('\0', '').trim();
    if (value !== '') subIds[key] = value.slice(0, SUB_ID_MAX_LENGTH);
  }
  return subIds;
}

const SUB_ID_KEY_SET: ReadonlySet<string> = new Set(SUB_ID_KEYS);

/**
 * The raw query string (after `?`) parsed as node:querystring — express's "simple" parser — parses
 * it, as far as a visit reads it: the sub ids. A query without escapes (`%`, `+`) is split by hand
 * and everything but sub ids skipped; the full parser's cost showed in the redirect's profile.
 */
export function visitQueryOf(rawQuery: string): VisitRequest['query'] {
  if (rawQuery.includes('%') || rawQuery.includes('+')) return parseQuery(rawQuery);
  if (!rawQuery.includes('sub')) return {};
  const query: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (SUB_ID_KEY_SET.has(key) && !(key in query)) query[key] = eq === -1 ? '' : pair.slice(eq + 1);
  }
  return query;
}

/** `name=value; Max-Age=…; Path=/; HttpOnly; SameSite=Lax[; Secure]` — names and values are token-safe by schema and id format. */
export function clickCookie(cookie: { name: string; value: string; maxAgeSeconds: number }, secure: boolean): string {
  return `${cookie.name}=${cookie.value}; Max-Age=${cookie.maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

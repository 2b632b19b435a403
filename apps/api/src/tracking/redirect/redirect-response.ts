import type { ServerResponse } from 'node:http';
import type { Redirect } from '../use-cases/follow-link.use-case';
import { clickCookie } from '../visit';

/**
 * The 302 of `/r/:slug`, written the same way by the fast path and the Nest controller. By hand:
 * express's res.redirect() adds a body and content negotiation a redirect does not need.
 */
export function writeRedirect(response: ServerResponse, redirect: Redirect, secure: boolean): void {
  response.writeHead(302, {
    Location: redirect.location,
    'Set-Cookie': redirect.cookies.map((cookie) => clickCookie(cookie, secure)),
    // Every visit must reach us to be counted: no browser or proxy may replay the redirect from a cache.
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer-when-downgrade',
    'Content-Length': '0',
  });
  response.end();
}

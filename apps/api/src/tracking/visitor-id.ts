import { ID_PREFIXES } from '@partnerflow/domain';

/** An id in newId's format: the prefix, 10 time and 16 random characters, lower case. */
const VISITOR_ID = new RegExp(`^${ID_PREFIXES.visitor}_[0-9a-z]{26}$`);

/** The visitor cookie sits next to the program's click cookie: `<cookieName>_v`. */
export function visitorCookieName(clickCookieName: string): string {
  return `${clickCookieName}_v`;
}

/**
 * The browser's visitor id from its cookie, or a new one when it has none or one we did not issue
 * (a tampered or truncated value must not join someone else's clicks, nor be stored as given).
 * Every click of one browser carries it: the touches a multi-touch model splits a conversion among.
 *
 * A new visitor is named after the click that first saw it: `vis_` + that click id's time and
 * random characters. Unique and time-ordered for the same reasons the click id is, and it spares
 * the redirect a second draw from the OS random source — per id, the costliest step of a
 * redirect after HTTP itself on the benchmark machine.
 */
export function visitorIdOf(cookieHeader: string | undefined, clickCookieName: string, clickId: string): string {
  const sent = cookieValue(cookieHeader, visitorCookieName(clickCookieName));
  if (sent !== undefined && VISITOR_ID.test(sent)) return sent;
  return `${ID_PREFIXES.visitor}_${clickId.slice(clickId.indexOf('_') + 1)}`;
}

/** The first value of cookie `name` in a Cookie header (`a=1; b=2`), undefined when absent. */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

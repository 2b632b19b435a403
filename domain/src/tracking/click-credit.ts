import type { PartnerStage } from '../partners/partner.schema';

/**
 * Which partners' clicks can earn credit, and who may hand out links: approved partners in good
 * standing. A paused, terminated, rejected or still-screened partner's links keep redirecting —
 * visitors must not hit a dead link — but their clicks earn nothing.
 */
export const CREDITING_STAGES: readonly PartnerStage[] = ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK'];

export function isCreditingStage(stage: PartnerStage): boolean {
  return CREDITING_STAGES.includes(stage);
}

/** A click earns credit when its partner is in a crediting stage and a person (not a bot) made it. */
export function isCreditableClick(partnerStage: PartnerStage, isBot: boolean): boolean {
  return !isBot && isCreditingStage(partnerStage);
}

/**
 * Country headers set by CDNs and proxies in front of the api (Cloudflare, CloudFront, Vercel, or
 * a generic one an operator's proxy sets). Only trustworthy when such a proxy overwrites them.
 */
export const COUNTRY_HEADERS = ['cf-ipcountry', 'cloudfront-viewer-country', 'x-vercel-ip-country', 'x-country'] as const;

/** The visitor's ISO country code from the first country header present, or null ("XX"/"T1" are not countries). */
export function countryFromHeaders(headers: Record<string, string | string[] | undefined>): string | null {
  for (const name of COUNTRY_HEADERS) {
    const raw = headers[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toUpperCase();
    if (value && /^[A-Z]{2}$/.test(value) && value !== 'XX' && value !== 'T1') return value;
  }
  return null;
}

import type { Link } from '@partnerflow/db';
import type { z } from 'zod';
import type { linkSchema } from './tracking.schemas';

/** The tracking URL of a slug: PUBLIC_BASE_URL when set, else the origin the request came to. */
export function trackingUrl(baseUrl: string, slug: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/r/${slug}`;
}

export function linkView(link: Link, baseUrl: string): z.infer<typeof linkSchema> {
  return {
    id: link.id,
    slug: link.slug,
    url: trackingUrl(baseUrl, link.slug),
    partnerId: link.partnerId,
    programId: link.programId,
    destination: link.destination,
    campaign: link.campaign,
    subIds: { sub1: link.sub1, sub2: link.sub2, sub3: link.sub3, sub4: link.sub4, sub5: link.sub5 },
    createdAt: link.createdAt.toISOString(),
  };
}

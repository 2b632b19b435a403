import type { z } from 'zod';
import type { Creative } from '@partnerflow/db';
import type { creativeSchema, partnerCreativeSchema } from './creatives.schemas';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function creativeView(creative: Creative): z.infer<typeof creativeSchema> {
  return {
    id: creative.id,
    programId: creative.programId,
    title: creative.title,
    kind: creative.kind,
    url: creative.url,
    description: creative.description,
    status: creative.status,
    publishedAt: iso(creative.publishedAt),
    deprecated: creative.deprecatedAt ? { at: creative.deprecatedAt.toISOString(), reason: creative.deprecationReason } : null,
    createdBy: creative.createdBy,
    createdAt: creative.createdAt.toISOString(),
    updatedAt: creative.updatedAt.toISOString(),
  };
}

export function partnerCreativeView(creative: Creative): z.infer<typeof partnerCreativeSchema> {
  return { id: creative.id, title: creative.title, kind: creative.kind, url: creative.url, description: creative.description, publishedAt: iso(creative.publishedAt) };
}

import type { Partner } from '@partnerflow/db';
import type { z } from 'zod';
import type { partnerSchema } from './partners.schemas';

/** Maps rows to the shapes the API promises; dates leave as ISO strings. */
export function partnerView(partner: Partner): z.infer<typeof partnerSchema> {
  return {
    id: partner.id,
    programId: partner.programId,
    name: partner.name,
    email: partner.email,
    country: partner.country,
    locale: partner.locale,
    website: partner.website,
    channels: partner.channels,
    audienceSize: partner.audienceSize,
    partnerType: partner.type,
    referrerPartnerId: partner.referrerPartnerId,
    stage: partner.stage,
    stageChangedAt: partner.stageChangedAt.toISOString(),
    workflowId: partner.workflowId,
    applicationNumber: partner.applicationNumber,
    createdAt: partner.createdAt.toISOString(),
  };
}

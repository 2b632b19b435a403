import { z } from 'zod';
import { localeSchema } from '../messaging/template.schema';

export const PARTNER_TYPES = ['content', 'coupon', 'influencer', 'agency', 'ib', 'other'] as const;
export const partnerTypeSchema = z.enum(PARTNER_TYPES);
export type PartnerType = z.infer<typeof partnerTypeSchema>;

/** Lifecycle stages (seed 002). The lifecycle workflow owns the stage; the row mirrors it. */
export const PARTNER_STAGES = [
  'APPLIED',
  'ACTIVE',
  'PRODUCING',
  'CONSISTENT',
  'AT_RISK',
  'PAUSED',
  'TERMINATED',
  'REJECTED',
] as const;
export const partnerStageSchema = z.enum(PARTNER_STAGES);
export type PartnerStage = z.infer<typeof partnerStageSchema>;

/** ISO 3166-1 alpha-2, upper-cased on the way in. */
export const countryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166-1 country code')
  .transform((code) => code.toUpperCase());

const channelSchema = z.string().trim().min(1).max(500);

export const partnerApplicationSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    email: z
      .email('must be a valid email address')
      .max(320)
      .transform((email) => email.toLowerCase()),
    country: countryCodeSchema,
    locale: localeSchema.optional().describe('the language notices should be in, e.g. "de" or "pt-BR" (default: English)'),
    website: z.url('must be a URL (https://…)').max(2000).optional(),
    channels: z.array(channelSchema).max(20).default([]),
    audienceSize: z.number().int().min(0).max(10_000_000_000),
    partnerType: partnerTypeSchema,
    referrerPartnerId: z.string().trim().min(1).optional(),
  })
  .strict()
  .refine((application) => application.website !== undefined || application.channels.length > 0, {
    message: 'give a website or at least one channel',
    path: ['website'],
  });

export type PartnerApplication = z.infer<typeof partnerApplicationSchema>;

/** The stored application fields screening needs (a partner row has them all). */
export type StoredApplication = Omit<ApplicationUnderScreening, 'partnerType'> & { type: PartnerType };

export function applicationUnderScreening(stored: StoredApplication): ApplicationUnderScreening {
  return {
    name: stored.name,
    email: stored.email,
    country: stored.country,
    website: stored.website,
    channels: stored.channels,
    audienceSize: stored.audienceSize,
    partnerType: stored.type,
  };
}

/** What screening rules look at: the application as stored. */
export interface ApplicationUnderScreening {
  name: string;
  email: string;
  country: string;
  website: string | null;
  channels: string[];
  audienceSize: number;
  partnerType: PartnerType;
}

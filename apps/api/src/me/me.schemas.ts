import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { localeSchema, moneyViewSchema } from '@partnerflow/domain';
import { partnerSchema } from '../partners/partners.schemas';

/** The operators' partner view without what is theirs (workflow, referrer, application number). */
export const profileSchema = partnerSchema.pick({
  id: true,
  programId: true,
  name: true,
  email: true,
  country: true,
  website: true,
  channels: true,
  locale: true,
  audienceSize: true,
  partnerType: true,
  stage: true,
  createdAt: true,
});
export class ProfileDto extends createZodDto(profileSchema) {}

/** What a partner may change about itself; the email (its sign-in identity) and the screened facts are the operator's. */
export const profileUpdateSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200).optional(),
    website: z.url('must be a URL').max(2000).nullable().optional(),
    channels: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
    locale: localeSchema.nullable().optional().describe('the language of your notices, e.g. "de" or "pt-BR"; null for the default (English)'),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'change at least one of name, website, channels, locale', path: ['(body)'] });
export class ProfileUpdateDto extends createZodDto(profileUpdateSchema) {}

const isoDate = z.iso.date().or(z.iso.datetime());

export const statsQuerySchema = z
  .object({
    from: isoDate.optional().describe('start (inclusive), ISO date or time; default: 30 days before `to`'),
    to: isoDate.optional().describe('end (exclusive); default: now'),
    period: z.enum(['day', 'week', 'month']).default('day').describe('bucket size, in UTC'),
  })
  .strict();
export class StatsQueryDto extends createZodDto(statsQuerySchema) {}

const statsRowSchema = z.object({
  clicks: z.number().int().describe('visits through the partner\'s links, bots excluded'),
  conversions: z.number().int().describe('conversions credited to the partner (refunds and chargebacks excluded)'),
  revenue: z.array(moneyViewSchema).describe("the partner's share of conversion amounts, net of refunds, per currency"),
  commissions: z.array(moneyViewSchema).describe('commissions earned (created) in the period, net of reversals, per currency'),
});

export const statsSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  period: z.enum(['day', 'week', 'month']),
  totals: statsRowSchema,
  periods: z.array(statsRowSchema.extend({ start: z.iso.datetime() })).describe('only periods with activity'),
});
export class StatsDto extends createZodDto(statsSchema) {}

export const commissionIdParamsSchema = z.object({ commissionId: z.string().min(1) });
export class MeCommissionIdParamsDto extends createZodDto(commissionIdParamsSchema) {}

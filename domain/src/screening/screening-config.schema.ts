import { z } from 'zod';
import { countryCodeSchema, partnerTypeSchema } from '../partners/partner.schema';

/** What a failed rule does to the application. */
export const ruleOutcomeSchema = z.enum(['reject', 'review']);
export type RuleOutcome = z.infer<typeof ruleOutcomeSchema>;

const ruleBase = {
  id: z.string().trim().min(1).max(100).optional(),
  outcome: ruleOutcomeSchema,
};

export const screeningRuleSchema = z.discriminatedUnion('type', [
  z.object({
    ...ruleBase,
    type: z.literal('required_fields'),
    fields: z.array(z.enum(['website', 'channels', 'website_or_channels', 'audienceSize'])).min(1),
  }),
  z.object({
    ...ruleBase,
    type: z.literal('country_allow'),
    countries: z.array(countryCodeSchema).min(1),
  }),
  z.object({
    ...ruleBase,
    type: z.literal('country_deny'),
    countries: z.array(countryCodeSchema).min(1),
  }),
  z.object({
    ...ruleBase,
    type: z.literal('min_audience'),
    min: z.number().int().min(0),
  }),
  z.object({
    ...ruleBase,
    type: z.literal('blocked_email_domains'),
    domains: z.array(z.string().trim().toLowerCase().min(3)).min(1),
  }),
  z.object({
    ...ruleBase,
    type: z.literal('partner_types'),
    allowed: z.array(partnerTypeSchema).min(1),
  }),
]);

export type ScreeningRule = z.infer<typeof screeningRuleSchema>;

export const screeningConfigSchema = z
  .object({
    rules: z.array(screeningRuleSchema).max(100),
    /** What happens when no rule fails. */
    whenAllRulesPass: z.enum(['approve', 'review']).default('approve'),
  })
  .strict();

export type ScreeningConfig = z.infer<typeof screeningConfigSchema>;

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

const emailListSchema = z
  .array(z.email('must be a valid email address').max(320).transform((email) => email.toLowerCase()))
  .max(20);
const hoursSchema = z.number().positive().max(24 * 365);

/** What happens to an application the rules send to human review. Every field has a default. */
export const reviewPolicySchema = z
  .object({
    /** Told when an application starts waiting, and reminded. None: the task queue only. */
    reviewerEmails: emailListSchema.default([]),
    remindAfterHours: hoursSchema.default(24),
    escalateAfterHours: hoursSchema.default(72),
    /** Told when a review is escalated; the reviewers when empty. */
    escalationEmails: emailListSchema.default([]),
    /** When set, `onDeadline` decides what happens once the application has waited this long. */
    deadlineHours: hoursSchema.optional(),
    onDeadline: z.enum(['approve', 'reject', 'keep_waiting']).default('keep_waiting'),
  })
  .strict()
  .refine((policy) => policy.escalateAfterHours > policy.remindAfterHours, {
    message: 'must be later than remindAfterHours',
    path: ['escalateAfterHours'],
  });

export type ReviewPolicy = z.infer<typeof reviewPolicySchema>;

export const screeningConfigSchema = z
  .object({
    rules: z.array(screeningRuleSchema).max(100),
    /** What happens when no rule fails. */
    whenAllRulesPass: z.enum(['approve', 'review']).default('approve'),
    /**
     * Optional so configs stored before it existed stay valid as they are; `reviewPolicyOf`
     * gives the defaults when it is absent.
     */
    review: reviewPolicySchema.optional(),
    /**
     * Days a rejected applicant waits before applying to the program again (rules or reviewer
     * rejected them alike); `reapplyAfterDaysOf` gives the default when absent.
     */
    reapplyAfterDays: z.number().int().min(0).max(3650).optional(),
  })
  .strict();

export type ScreeningConfig = z.infer<typeof screeningConfigSchema>;

import { z } from 'zod';
import { afterDelayFields, emailTemplateNameSchema, exactlyOneDelay } from '../configs/config-fields.schema';
import { tierPolicySchema } from '../tiers/tier-policy.schema';
import { consistencyPolicySchema, DEFAULT_CONSISTENCY, qualityPolicySchema } from './stage-policy.schema';

/**
 * Re-engagement of quiet partners (seed 002): after `inactivityDays` without a click or
 * conversion a cycle starts — performance snapshot, mini-challenge, check-in — and a partner
 * still inactive when the last step has run gets the `outcome`. Step delays count from the
 * start of the cycle; a click or conversion ends the cycle early.
 *
 * The same document holds the rest of the partner's engagement policy, which the lifecycle
 * workflow pins with it: when a partner is CONSISTENT, what puts one AT_RISK for quality, and
 * the tier ladder (`downgrade_tier` moves a partner down it). One document, one version pinned,
 * one `applyTo`: the inactivity outcome and the tiers it changes cannot disagree.
 */

const snapshotStepSchema = z
  .object({
    type: z.literal('performance_snapshot'),
    template: emailTemplateNameSchema.default('reengagement.performance_snapshot'),
    ...afterDelayFields,
  })
  .strict()
  .superRefine(exactlyOneDelay('after'))
  .describe("email the partner's recent performance highlights and the newest assets");

const challengeStepSchema = z
  .object({
    type: z.literal('challenge'),
    template: emailTemplateNameSchema.default('reengagement.challenge'),
    ...afterDelayFields,
    targetReferrals: z.number().int().min(1).max(1000).describe('qualified referrals the partner is asked for'),
    withinDays: z.number().int().min(1).max(365).describe('days the partner has to reach the target'),
    reward: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('what the email promises, e.g. "an extra €50"; paying it is the commission plan\'s job'),
  })
  .strict()
  .superRefine(exactlyOneDelay('after'))
  .describe('email a mini-challenge: "refer N qualified leads within D days, get <reward>"');

const checkInStepSchema = z
  .object({
    type: z.literal('check_in'),
    template: emailTemplateNameSchema.default('reengagement.check_in'),
    ...afterDelayFields,
    notifyManager: z.boolean().default(true).describe("also ask the partner's manager to reach out personally"),
  })
  .strict()
  .superRefine(exactlyOneDelay('after'))
  .describe('a friendly check-in email if the partner is still inactive');

export const reengagementStepSchema = z.discriminatedUnion('type', [snapshotStepSchema, challengeStepSchema, checkInStepSchema], {
  error: 'must be a performance_snapshot, challenge or check_in step',
});

export const reengagementConfigSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe("false: the program's partners get no re-engagement cycles, CONSISTENT / AT_RISK moves or tiers"),
    inactivityDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe('days without a click or conversion that start a re-engagement cycle'),
    inactivityHours: z
      .number()
      .int()
      .min(1)
      .max(365 * 24)
      .optional()
      .describe('instead of inactivityDays (which is then ignored): hours without activity, e.g. for a trial run'),
    inactivityMinutes: z
      .number()
      .int()
      .min(1)
      .max(365 * 24 * 60)
      .optional()
      .describe('instead of inactivityDays (which is then ignored): minutes without activity, e.g. for a trial run'),
    steps: z.array(reengagementStepSchema).min(1).max(20).describe('the cycle, each step timed from its start'),
    outcome: z
      .enum(['at_risk', 'downgrade_tier'])
      .describe('what happens to a partner still inactive after the last step: stage AT_RISK, or one tier down'),
    cycleCooldownDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(30)
      .describe('days after a cycle ends before another one can start for the same partner'),
    consistency: consistencyPolicySchema.default({ ...DEFAULT_CONSISTENCY }),
    quality: qualityPolicySchema.optional(),
    tiers: tierPolicySchema
      .optional()
      .describe('partner tiers; without them `downgrade_tier` puts the partner AT_RISK instead'),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.inactivityHours !== undefined && config.inactivityMinutes !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['inactivityMinutes'], message: 'give inactivityHours or inactivityMinutes, not both' });
    }
  })
  .describe('re-engagement policy for inactive partners');

export type ReengagementConfig = z.infer<typeof reengagementConfigSchema>;
export type ReengagementStep = z.infer<typeof reengagementStepSchema>;

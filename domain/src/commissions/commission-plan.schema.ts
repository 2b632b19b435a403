import { z } from 'zod';
import { currencyCodeSchema } from '../money/currency';
import { conversionTypeSchema } from '../tracking/conversion-report.schema';
import { checkCommissionPlan } from './commission-plan.checks';
import {
  flatTermsSchema,
  hybridTermsSchema,
  ibOverrideTermsSchema,
  milestoneTermsSchema,
  percentageTermsSchema,
  perLotTermsSchema,
  planAmountSchema,
  volumeBandsTermsSchema,
} from './commission-terms.schema';

/**
 * The `commission-plan` config kind: a program's versioned list of commission rules. Every rule
 * that covers a conversion's type pays, in plan order, so rules compose (CPA + RevShare, a tier
 * bonus on top of the base rate, a milestone on top of both). A rule's `id` is part of each
 * commission's business key (conversionId, partnerId, ruleId): keep it when a plan changes, and
 * never reuse it for a rule that means something else.
 */

export const ruleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1–63 lower-case letters, digits, "-" or "_", starting with a letter or digit, e.g. "sale-revshare"')
  .describe("the rule's stable id: part of each commission's idempotency key");

export const tierNameSchema = z.string().trim().min(1).max(50).describe('a partner tier name, e.g. "gold"');

export const commissionableEventSchema = conversionTypeSchema
  .exclude(['refund', 'chargeback'])
  .describe('a conversion type that can earn commission (refunds and chargebacks reverse commissions instead)');
export type CommissionableEvent = z.infer<typeof commissionableEventSchema>;

export const recurringDurationSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('lifetime') }).strict().describe('every conversion of the customer earns'),
    z
      .object({ type: z.literal('months'), months: z.number().int().min(1).max(600).describe('calendar months (UTC)') })
      .strict()
      .describe("conversions earn until this many months after the customer's first commission"),
    z
      .object({ type: z.literal('count'), count: z.number().int().min(1).max(100_000).describe('commissions per customer') })
      .strict()
      .describe("the customer's first `count` commissionable conversions earn"),
  ])
  .describe("how long a customer's recurring conversions (renewals, further deposits) keep earning under this rule");

const ruleScope = {
  id: ruleIdSchema,
  description: z.string().trim().max(500).optional().describe('what the rule is for, shown to operators'),
  events: z.array(commissionableEventSchema).min(1).max(10).describe('conversion types this rule pays on'),
  onlyTiers: z
    .array(tierNameSchema)
    .min(1)
    .optional()
    .describe('pay only partners in these tiers (tier bonuses); absent: every partner'),
  recurring: recurringDurationSchema.default({ type: 'lifetime' }),
};

const byTier = <T extends z.ZodType>(terms: T) =>
  z.record(tierNameSchema, terms).optional().describe('other terms for partners in the named tiers (tier > program default)');

const periodMeasureSchema = z
  .enum(['count', 'revenue'])
  .describe("what the period total counts: conversions of the rule's events, or their revenue in the plan currency");

export const commissionRuleSchema = z.discriminatedUnion('type', [
  z
    .object({ ...ruleScope, type: z.literal('flat'), ...flatTermsSchema.shape, byTier: byTier(flatTermsSchema) })
    .strict()
    .describe('CPA / bounty: a flat amount per conversion'),
  z
    .object({ ...ruleScope, type: z.literal('percentage'), ...percentageTermsSchema.shape, byTier: byTier(percentageTermsSchema) })
    .strict()
    .describe('RevShare: a percentage of the amount, optionally per product category'),
  z
    .object({ ...ruleScope, type: z.literal('hybrid'), ...hybridTermsSchema.shape, byTier: byTier(hybridTermsSchema) })
    .strict()
    .describe('CPA + RevShare: two commissions, ids "<id>/flat" and "<id>/percentage"'),
  z
    .object({ ...ruleScope, type: z.literal('per_lot'), events: ruleScope.events.default(['trade']), ...perLotTermsSchema.shape, byTier: byTier(perLotTermsSchema) })
    .strict()
    .describe("Forex IB rebate: an amount per standard lot of the trade lines' volume, per instrument"),
  z
    .object({
      ...ruleScope,
      type: z.literal('volume_bands'),
      measure: periodMeasureSchema,
      mode: z
        .enum(['band', 'retroactive'])
        .describe('band: each part of the volume earns its own band (marginal); retroactive: reaching a band re-prices the whole period, the difference paid as "<id>/top-up"'),
      ...volumeBandsTermsSchema.shape,
      byTier: byTier(volumeBandsTermsSchema),
    })
    .strict()
    .describe("tiered by the partner's period volume"),
  z
    .object({ ...ruleScope, type: z.literal('milestone_bonus'), measure: periodMeasureSchema, ...milestoneTermsSchema.shape, byTier: byTier(milestoneTermsSchema) })
    .strict()
    .describe('a one-off bonus when the period total reaches a milestone, id "<id>/at-<at>"'),
  z
    .object({ ...ruleScope, type: z.literal('ib_override'), events: ruleScope.events.default(['trade']), ...ibOverrideTermsSchema.shape, byTier: byTier(ibOverrideTermsSchema) })
    .strict()
    .describe('multi-tier IB: masters up the chain earn on their sub-IB\'s conversions, id "<id>/level-<n>"'),
]);
export type CommissionRule = z.infer<typeof commissionRuleSchema>;
export type CommissionRuleType = CommissionRule['type'];
export const COMMISSION_RULE_TYPES = commissionRuleSchema.options.map((option) => option.shape.type.value);

export const COMMISSION_PERIODS = ['month', 'quarter', 'year'] as const;

export const commissionPlanShape = z
  .object({
    currency: currencyCodeSchema.describe(
      'payout currency: every commission is converted to it; flat amounts, per-lot rates, bonuses, caps and revenue thresholds are written in it',
    ),
    period: z
      .enum(COMMISSION_PERIODS)
      .default('month')
      .describe('calendar period (UTC) over which volume bands, milestones and the per-period cap count'),
    tiers: z
      .array(tierNameSchema)
      .max(50)
      .default([])
      .describe('the partner tier names this plan prices; the api tells the engine which one a partner is in'),
    rules: z.array(commissionRuleSchema).max(100).describe('every rule covering a conversion pays, in this order'),
    caps: z
      .object({
        perConversion: planAmountSchema.optional().describe("most a partner earns from one conversion (IB masters' overrides excluded)"),
        perPartnerPerPeriod: planAmountSchema.optional().describe('most a partner earns in one period'),
      })
      .strict()
      .default({})
      .describe('limits applied after conversion to the payout currency; later rules are cut first'),
  })
  .strict();
export type CommissionPlanShape = z.infer<typeof commissionPlanShape>;

export const commissionPlanSchema = commissionPlanShape.superRefine(checkCommissionPlan).describe('commission plan');
export type CommissionPlan = z.infer<typeof commissionPlanSchema>;
export type CommissionPlanInput = z.input<typeof commissionPlanSchema>;
export type CommissionPeriod = CommissionPlan['period'];

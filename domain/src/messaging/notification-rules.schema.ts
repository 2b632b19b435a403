import { z } from 'zod';
import { domainEventNameSchema } from '../events/domain-event';
import { partnerStageSchema, partnerTypeSchema } from '../partners/partner.schema';
import { channelsSchema, notificationKindSchema } from './notification-kinds';
import { quietHoursSchema } from './quiet-hours';
import { templateKeySchema } from './template.schema';

/**
 * A program's automated notifications: rules `{ event, conditions, recipients, channels, template,
 * quietHours }` over the domain events. `PUT /v1/programs/:id/notification-rules` stores a
 * document as the next version; until then the defaults (seed 003's trigger table) apply.
 */
export const ruleConditionSchema = z
  .object({
    field: z.string().regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, 'must be a field of the event\'s data, dotted for nested ones').describe('e.g. "amount" or "flag.severity"'),
    op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'exists']),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional(),
  })
  .strict()
  .refine((condition) => condition.op === 'exists' || condition.value !== undefined, { message: 'is required for this op', path: ['value'] })
  .refine((condition) => (condition.op === 'in') === Array.isArray(condition.value) || condition.op === 'exists', {
    message: 'must be a list for "in" (and only for "in")',
    path: ['value'],
  });
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

export const ruleRecipientSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('partner') }).strict().describe('the partner the event is about'),
  z.object({ type: z.literal('managers') }).strict().describe('the document\'s managerEmails, by email'),
  z
    .object({ type: z.literal('downline'), depth: z.number().int().min(1).max(20).optional() })
    .strict()
    .describe('the sub-IBs below the event\'s partner, all levels unless depth'),
  z
    .object({ type: z.literal('affected_partners') })
    .strict()
    .describe('the event\'s data.partnerIds; else its partner; else every working partner of the program'),
  z
    .object({
      type: z.literal('segment'),
      stages: z.array(partnerStageSchema).min(1).default(['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK']),
      partnerTypes: z.array(partnerTypeSchema).min(1).optional(),
      countries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1).optional(),
    })
    .strict()
    .describe('the program\'s partners matching every filter given'),
]);
export type RuleRecipient = z.infer<typeof ruleRecipientSchema>;

export const notificationRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lower-case letters, digits, "_" or "-"').describe('stable: part of every notification\'s idempotency key'),
    event: domainEventNameSchema,
    kind: notificationKindSchema.describe('what partners\' preferences and the mandatory rule go by'),
    enabled: z.boolean().default(true),
    conditions: z.array(ruleConditionSchema).max(20).default([]).describe('all must hold'),
    recipients: z.array(ruleRecipientSchema).min(1).max(10),
    channels: channelsSchema.describe('managers are emailed whatever this says'),
    template: templateKeySchema.describe('a template key of the program; a built-in one when the program has none'),
    quietHours: quietHoursSchema.nullable().default(null),
  })
  .strict();
export type NotificationRule = z.infer<typeof notificationRuleSchema>;

export const notificationRuleSetSchema = z
  .object({
    managerEmails: z.array(z.email().max(320)).max(20).default([]).describe('who `managers` recipients are'),
    rules: z.array(notificationRuleSchema).max(100),
  })
  .strict()
  .superRefine(({ rules }, context) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id)) context.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `another rule is already called ${rule.id}` });
      seen.add(rule.id);
    });
  });
export type NotificationRuleSet = z.infer<typeof notificationRuleSetSchema>;

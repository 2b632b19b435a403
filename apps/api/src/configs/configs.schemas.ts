import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  attributionConfigSchema,
  commissionPlanSchema,
  holdConfigSchema,
  moneyViewSchema,
  configDocumentKindSchema,
  emailConditionSchema,
  onboardingConfigSchema,
  payoutPolicySchema,
  onboardingEventSchema,
  partnerApplicationSchema,
  reengagementConfigSchema,
  screeningConfigSchema,
  terminationConfigSchema,
} from '@partnerflow/domain';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';
import { programRefSchema } from '../programs/programs.schemas';

/** The document schemas by kind, listed in the OpenAPI components so `document` can point at them. */
export class ScreeningConfigDto extends createZodDto(screeningConfigSchema) {}
export class OnboardingConfigDto extends createZodDto(onboardingConfigSchema) {}
export class ReengagementConfigDto extends createZodDto(reengagementConfigSchema) {}
export class TerminationConfigDto extends createZodDto(terminationConfigSchema) {}
export class AttributionConfigDto extends createZodDto(attributionConfigSchema) {}
export class HoldConfigDto extends createZodDto(holdConfigSchema) {}
export class CommissionPlanDto extends createZodDto(commissionPlanSchema) {}
export class PayoutPolicyDto extends createZodDto(payoutPolicySchema) {}

const documentSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'the config document; its shape depends on :kind — ScreeningConfigDto, OnboardingConfigDto, ' +
      'ReengagementConfigDto, TerminationConfigDto, AttributionConfigDto, HoldConfigDto, CommissionPlanDto or PayoutPolicyDto',
  );

export const applyToSchema = z
  .enum(['new', 'running'])
  .describe(
    '`new`: partners whose workflows start after this version use it. `running`: recorded so that running ' +
      'workflows adopt it at their next step boundary — that adoption arrives with the drip and re-engagement ' +
      'workflows; until then, running workflows keep the version they started with.',
  );

export class ConfigParamsDto extends createZodDto(
  z.object({ programId: programRefSchema, kind: configDocumentKindSchema }),
) {}

export class SaveConfigDto extends createZodDto(
  z.object({ document: documentSchema, applyTo: applyToSchema.default('new') }).strict(),
) {}

export const configVersionSchema = z
  .object({
    id: z.string().describe('cfg_… id of this version'),
    programId: z.string(),
    kind: configDocumentKindSchema,
    version: z.number().int().describe('1, 2, 3… per program and kind'),
    document: documentSchema,
    applyTo: applyToSchema,
    createdBy: z.string().describe('id of the operator API key that saved it (`seed` for seeded versions)'),
    createdAt: z.iso.datetime(),
  });
export class ConfigVersionDto extends createZodDto(configVersionSchema) {}
export class ConfigVersionPageDto extends createZodDto(pageSchema(configVersionSchema)) {}
export class ConfigVersionsQueryDto extends createZodDto(paginationQuerySchema) {}

export class DryRunRequestDto extends createZodDto(
  z
    .object({
      document: documentSchema.optional().describe('a draft to try; without it, the current version is used'),
      partnerId: z.string().min(1).optional().describe('an existing partner of the program'),
      partner: partnerApplicationSchema.optional().describe('a synthetic applicant, as the application form takes it'),
      sinceDays: z.number().int().min(1).max(400).optional().describe('attribution and commission-plan: replay conversions of the last N days (default 30)'),
      limit: z.number().int().min(1).max(1000).optional().describe('attribution (default 200, newest first) and commission-plan (default 1000, oldest first): at most this many conversions'),
    })
    .strict()
    .refine((body) => !(body.partnerId && body.partner), { message: 'give partnerId or partner, not both', path: ['partner'] }),
) {}

const screeningDryRunSchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'review']),
    summary: z.string(),
    rules: z.array(
      z.object({
        rule: z.string(),
        type: z.string(),
        passed: z.boolean(),
        outcome: z.enum(['reject', 'review']).optional(),
        reason: z.string(),
      }),
    ),
  })
  .describe('what screening would decide, rule by rule');

const onboardingDryRunSchema = z
  .object({
    approvedAt: z.iso.datetime(),
    approvedAtSource: z
      .enum(['approval', 'now'])
      .describe("`approval`: the partner's move to ACTIVE; `now`: a synthetic or not yet approved partner"),
    entries: z.array(
      z.object({
        step: z.string().describe('path of the step in the document, e.g. steps.3.else.0'),
        action: z.enum(['email', 'notify_manager', 'wait_for_deadline']),
        at: z.iso.datetime(),
        offsetMinutes: z.number().int(),
        template: z.string().optional(),
        when: emailConditionSchema.optional(),
        message: z.string().optional(),
        event: onboardingEventSchema.optional(),
        onlyIf: z
          .object({ noEvent: onboardingEventSchema, by: z.iso.datetime() })
          .optional()
          .describe('the step runs only if the event has not happened by then (a wait_for branch)'),
        summary: z.string(),
      }),
    ),
  })
  .describe('every email and notification of the drip with its date, both outcomes of each wait_for included');

const reengagementDryRunSchema = z
  .object({
    enabled: z.boolean(),
    quietSince: z.iso.datetime(),
    quietSinceSource: z.enum(['activity', 'approval', 'now']).describe("what the quiet period counts from: the partner's latest click or conversion, its approval, or now (synthetic)"),
    lastActivity: z.object({ at: z.iso.datetime(), kind: z.string(), sourceId: z.string().nullable() }).nullable(),
    cycleStartsAt: z.iso.datetime().nullable().describe('when a cycle would start with no further activity (not before now); null when turned off'),
    steps: z.array(z.object({ step: z.string().describe('path in the document, e.g. steps.1'), type: z.string(), template: z.string(), at: z.iso.datetime() })),
    outcome: z.enum(['at_risk', 'downgrade_tier']),
    outcomeAt: z.iso.datetime().nullable().describe('when the outcome applies if the partner is still quiet after the last step'),
    summary: z.string(),
  })
  .describe(
    "when a re-engagement cycle would start for the partner and each step's date if they stay quiet; a cycle already running, the cooldown after the last one and an onboarding drip still running (cycles wait for it) are the workflow's to know: see GET /v1/workflows",
  );

const payoutDryRunSchema = z
  .object({
    nextRun: z.object({ periodEnd: z.string(), runAt: z.iso.datetime(), cutoffAt: z.iso.datetime() }).describe('the next run the schedule starts'),
    balancesAsOf: z.iso.datetime().describe('approved ledger entries up to this instant are counted (the cutoff, or now if it lies ahead)'),
    currency: z.string(),
    payouts: z.array(
      z.object({
        partnerId: z.string(),
        amount: z.string(),
        status: z.enum(['carried_over', 'held', 'awaiting_approval', 'approved']),
        statusReason: z.string().nullable(),
        approvalsRequired: z.number().int(),
        approvalReasons: z.array(z.string()),
        method: z.string().nullable(),
        provider: z.string().nullable(),
        gates: z.record(z.string(), z.object({ outcome: z.enum(['passed', 'failed', 'flagged']), reason: z.string() })),
      }),
    ),
    totals: z.array(z.object({ status: z.string(), count: z.number().int(), amount: z.string() })),
    more: z.boolean().describe('more partners have balances than the first 1,000 listed'),
    summary: z.string(),
  })
  .describe("the next payout run with today's approved balances: per partner the amount, the gates and the approvals it would wait for; nothing is written");

const creditSchema = z.object({
  outcome: z.string(),
  model: z.string().nullable(),
  shares: z.array(z.object({ partnerId: z.string(), touchId: z.string(), sharePpm: z.number().int() })),
});

const attributionDryRunSchema = z
  .object({
    model: z.string(),
    since: z.iso.datetime(),
    examined: z.number().int(),
    changed: z.number().int().describe('conversions whose credit would go elsewhere or be split differently'),
    conversions: z.array(
      z.object({
        conversionId: z.string(),
        type: z.string(),
        externalId: z.string(),
        occurredAt: z.iso.datetime(),
        current: creditSchema,
        proposed: creditSchema.extend({ summary: z.string() }),
        changed: z.boolean(),
      }),
    ),
  })
  .describe('recent conversions re-attributed under the config: nothing is changed');

const partnerMoney = z.object({ current: moneyViewSchema, proposed: moneyViewSchema, difference: moneyViewSchema });
const commissionPlanDryRunSchema = z
  .object({
    since: z.iso.datetime(),
    conversions: z.number().int().describe('credited conversions replayed, oldest first'),
    partners: z.array(partnerMoney.extend({ partnerId: z.string() })),
    total: partnerMoney,
    otherCurrencies: z
      .array(z.object({ partnerId: z.string(), current: moneyViewSchema }))
      .describe("commissions earned in another currency than the plan's (not compared)"),
    unpriced: z.array(z.object({ conversionId: z.string(), partnerId: z.string(), message: z.string() })),
  })
  .describe("what the plan would have paid for the recent conversions, against what was earned: nothing is changed");

export const dryRunResultSchema = z.object({
  kind: z.enum(['screening', 'onboarding', 'reengagement', 'attribution', 'commission-plan', 'payout']),
  configVersion: z.number().int().nullable().describe('the stored version that was run; null for a draft document'),
  partnerId: z.string().nullable().describe('the partner it was run for; null for a synthetic one'),
  screening: screeningDryRunSchema.optional(),
  onboarding: onboardingDryRunSchema.optional(),
  reengagement: reengagementDryRunSchema.optional(),
  attribution: attributionDryRunSchema.optional(),
  commissionPlan: commissionPlanDryRunSchema.optional(),
  payout: payoutDryRunSchema.optional(),
});
export class DryRunResultDto extends createZodDto(dryRunResultSchema) {}
export type DryRunResult = z.input<typeof dryRunResultSchema>;

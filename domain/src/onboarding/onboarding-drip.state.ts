import { z } from 'zod';
import { emailConditionSchema, onboardingEventSchema } from './onboarding-config.schema';

/**
 * What the lifecycle workflow's onboarding drip shows an operator (`onboardingState` query): the
 * config version it runs, every step with its time, outcome and reason, and the partner activity
 * its conditions were decided on. Plain data, so a query answer, an audit entry and an API
 * response can all carry it.
 */

const isoTime = z.iso.datetime();

export const knownActivitySchema = z.object({
  at: isoTime.describe('when it happened (the earliest reported)'),
  sourceId: z.string().describe('the click or conversion id'),
  receivedAt: isoTime.describe('workflow time when the lifecycle first heard of it; the drip decides on this'),
});
export type KnownActivity = z.infer<typeof knownActivitySchema>;

/** The partner's first click and first conversion, as far as the lifecycle workflow knows. */
export const partnerActivityLogSchema = z.object({
  first_click: knownActivitySchema.optional(),
  first_conversion: knownActivitySchema.optional(),
});
export type PartnerActivityLog = z.infer<typeof partnerActivityLogSchema>;

export const dripConfigSchema = z.object({
  label: z.string().describe('`v<version>`, or `default` for the built-in drip'),
  versionId: z.string().nullable().describe('cfg_… id of the stored version; null for the built-in default'),
  version: z.number().int().nullable(),
  source: z.enum(['program', 'default']).describe('`default`: the program had no onboarding config version'),
});
export type DripConfig = z.infer<typeof dripConfigSchema>;

export const dripStepStatusSchema = z.enum([
  'pending',
  'sent',
  'skipped',
  'failed',
  'event_happened',
  'deadline_passed',
  'superseded',
]);
export type DripStepStatus = z.infer<typeof dripStepStatusSchema>;

export const dripStepSchema = z.object({
  id: z.string().describe('`<config label>:<path in the document>`, e.g. `v2:steps.3.else.0`; its email is step `onboarding:<id>`'),
  config: z.string().describe('label of the config version the step comes from; `approval` for the welcome the lifecycle sends'),
  step: z.string().describe('path of the step in that document'),
  action: z.enum(['email', 'notify_manager', 'wait_for_deadline']),
  template: z.string().optional(),
  when: emailConditionSchema.optional(),
  message: z.string().optional(),
  event: onboardingEventSchema.optional(),
  onlyIf: z.object({ noEvent: onboardingEventSchema, by: isoTime }).optional().describe('a wait_for branch step'),
  dueAt: isoTime,
  summary: z.string(),
  status: dripStepStatusSchema,
  settledAt: isoTime.optional(),
  reason: z.string().optional().describe('why it was skipped, failed, or how the wait ended'),
});
export type DripStep = z.infer<typeof dripStepSchema>;

export const dripConfigChangeSchema = z.object({
  config: dripConfigSchema,
  how: z.enum(['pinned', 'adopted']),
  at: isoTime,
  reason: z.string(),
});
export type DripConfigChange = z.infer<typeof dripConfigChangeSchema>;

export const onboardingDripStateSchema = z.object({
  status: z
    .enum(['not_started', 'running', 'finished', 'stopped', 'failed', 'not_applicable'])
    .describe('`not_applicable`: approved before the drip existed'),
  reason: z.string().optional(),
  approvedAt: isoTime.nullable(),
  config: dripConfigSchema.nullable().describe('the version the drip runs now'),
  configChanges: z.array(dripConfigChangeSchema).describe('the version pinned at approval, then each one adopted'),
  activity: partnerActivityLogSchema,
  steps: z.array(dripStepSchema).describe('in the order they were planned; superseded ones stay'),
});
export type OnboardingDripState = z.infer<typeof onboardingDripStateSchema>;

/** What the drip writes to the audit log: a version pinned or adopted, a step's outcome. */
export type DripJournalEntry = { kind: 'config'; change: DripConfigChange } | { kind: 'step'; step: DripStep };

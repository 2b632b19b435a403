import { z } from 'zod';
import { commissionableEventSchema, type CommissionableEvent } from './commission-plan.schema';

/**
 * The `hold` config kind: how long a commission stays pending before it is approved (the refund
 * window of its conversion type), what happens to commissions of flagged conversions, and what a
 * reversal after payout does to the partner's balance.
 */

const MAX_HOLD_DAYS = 365;
const holdDaysSchema = z.number().int().min(0).max(MAX_HOLD_DAYS);
const hoursSchema = z.number().int().min(1).max(24 * 365);

export const flaggedCommissionPolicySchema = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('manual_review'),
        reminderHours: hoursSchema.default(24).describe('hours between reminders to the reviewers while it waits'),
        expireAfterHours: hoursSchema.optional().describe('when set, onExpiry decides once the commission has waited this long'),
        onExpiry: z
          .enum(['approve', 'reject', 'keep_waiting'])
          .default('keep_waiting')
          .describe('what an unanswered review does at expireAfterHours: approve, reject, or keep waiting (reminders continue)'),
      })
      .strict()
      .describe('a person approves or rejects it (GET /v1/tasks); it is never released by the hold timer alone'),
    z
      .object({ type: z.literal('hold_as_usual') })
      .strict()
      .describe('flags are shown to operators, but the commission releases when its hold ends like any other'),
  ])
  .describe('commissions of conversions carrying fraud flags');
export type FlaggedCommissionPolicy = z.infer<typeof flaggedCommissionPolicySchema>;

export const holdConfigSchema = z
  .object({
    defaultDays: holdDaysSchema.default(30).describe('hold in days for conversion types not listed in daysByType'),
    daysByType: z
      .partialRecord(commissionableEventSchema, holdDaysSchema)
      .default({})
      .describe('hold in days per conversion type, counted from when the conversion occurred; 0 approves at once'),
    flagged: flaggedCommissionPolicySchema.default({ type: 'manual_review', reminderHours: 24, onExpiry: 'keep_waiting' }),
    negativeBalance: z
      .enum(['carry_over', 'absorb'])
      .default('carry_over')
      .describe('a reversal after payout: carry_over makes it a negative balance taken from the next payout; absorb writes it off'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { flagged } = config;
    if (flagged.type === 'manual_review' && flagged.expireAfterHours !== undefined && flagged.expireAfterHours <= flagged.reminderHours) {
      ctx.addIssue({ code: 'custom', path: ['flagged', 'expireAfterHours'], message: 'must be later than reminderHours, or the reminder is never sent' });
    }
    if (flagged.type === 'manual_review' && flagged.expireAfterHours === undefined && flagged.onExpiry !== 'keep_waiting') {
      ctx.addIssue({ code: 'custom', path: ['flagged', 'expireAfterHours'], message: `is required for onExpiry "${flagged.onExpiry}": say after how many hours` });
    }
  })
  .describe('hold policy');
export type HoldConfig = z.infer<typeof holdConfigSchema>;
export type HoldConfigInput = z.input<typeof holdConfigSchema>;

export function holdDaysFor(config: HoldConfig, type: CommissionableEvent): number {
  return config.daysByType[type] ?? config.defaultDays;
}

export type HoldDecision = { type: 'release_at'; releaseAt: Date; holdDays: number } | { type: 'manual_review'; policy: Extract<FlaggedCommissionPolicy, { type: 'manual_review' }> };

/** When a new commission is approved: at the end of its hold, or by a person when its conversion is flagged. */
export function holdDecision(config: HoldConfig, conversion: { type: CommissionableEvent; occurredAt: Date; flagged: boolean }): HoldDecision {
  if (conversion.flagged && config.flagged.type === 'manual_review') return { type: 'manual_review', policy: config.flagged };
  const holdDays = holdDaysFor(config, conversion.type);
  return { type: 'release_at', releaseAt: new Date(conversion.occurredAt.getTime() + holdDays * 86_400_000), holdDays };
}

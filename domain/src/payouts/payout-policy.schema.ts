import { z } from 'zod';
import { currencyCodeSchema } from '../money/currency';
import { amountProblem, parseAmount } from '../money/money';
import { form1099ThresholdsSchema } from '../tax/form-1099-thresholds.schema';
import { PAYOUT_METHOD_TYPES } from './bank-files/payout-method-details.schema';
import { isTimeZone } from './zoned-time';

/**
 * The `payout` config kind: when a program pays (schedule in the program's time zone), in which
 * currency, through which provider and from which minimum per payout method, who must approve
 * what, and how long an unapproved payout waits. Amounts are decimal text in the payout currency.
 */

export const payoutMethodTypeSchema = z.enum(PAYOUT_METHOD_TYPES);
export type PayoutMethodType = z.infer<typeof payoutMethodTypeSchema>;

export const PAYMENT_PROVIDER_NAMES = ['manual', 'bank-file', 'paypal', 'stripe'] as const;
export const paymentProviderNameSchema = z.enum(PAYMENT_PROVIDER_NAMES);
export type PaymentProviderName = z.infer<typeof paymentProviderNameSchema>;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const amountText = z.string().trim().regex(/^\d+(\.\d+)?$/, 'must be a decimal amount such as "50.00"');
const hourOfDay = z.number().int().min(0).max(23).default(6).describe('local hour (0–23) in timeZone when the run starts');
const hours = z.number().int().min(1).max(24 * 90);
const emailList = z.array(z.email('must be a valid email address').max(320).transform((email) => email.toLowerCase())).max(20);

export const payoutScheduleSchema = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('monthly'),
        dayOfMonth: z.number().int().min(1).max(28).default(1).describe('the run pays the previous calendar month on this day'),
        hour: hourOfDay,
      })
      .strict(),
    z
      .object({
        type: z.literal('weekly'),
        weekday: z.enum(WEEKDAYS).default('monday').describe('the run pays the seven days before this weekday'),
        hour: hourOfDay,
      })
      .strict(),
    z
      .object({
        type: z.literal('net_days'),
        period: z.enum(['month', 'week']).default('month').describe('calendar months, or weeks Monday to Sunday'),
        days: z.number().int().min(0).max(120).describe('the run pays a period this many days after it ended ("net 30")'),
        hour: hourOfDay,
      })
      .strict(),
  ])
  .describe('when payout runs start, in the policy time zone');
export type PayoutSchedule = z.infer<typeof payoutScheduleSchema>;

export const payoutMethodSettingsSchema = z
  .object({
    provider: paymentProviderNameSchema.describe('who pays payouts of this method'),
    minimum: amountText.describe('below this the balance carries over to the next run (and the partner is told why)'),
  })
  .strict();
export type PayoutMethodSettings = z.infer<typeof payoutMethodSettingsSchema>;

export const payoutApprovalPolicySchema = z
  .object({
    autoApproveBelow: amountText.default('100.00').describe('payouts below this are approved without a person'),
    twoApproversFrom: amountText.optional().describe('payouts of at least this need two distinct approvers'),
    manualForFirstPayout: z.boolean().default(true).describe("a partner's first payout always waits for an approval"),
    manualWhenFraudFlags: z.boolean().default(true).describe('a partner with open fraud flags always waits for an approval'),
    approverEmails: emailList.default([]).describe('told when payouts wait for approval, and reminded'),
    remindAfterHours: hours.default(24).describe('hours between reminders while payouts wait for approval'),
    escalateAfterHours: hours.default(72).describe('when waiting payouts are escalated (to escalationEmails, else the approvers)'),
    escalationEmails: emailList.default([]),
    onNoApproval: z
      .enum(['remind', 'skip'])
      .default('remind')
      .describe('remind: keep waiting and reminding; skip: after skipAfterHours the payout is skipped and the balance goes to the next run'),
    skipAfterHours: hours.optional().describe('required with onNoApproval "skip"'),
  })
  .strict();
export type PayoutApprovalPolicy = z.infer<typeof payoutApprovalPolicySchema>;

export const payoutPolicySchema = z
  .object({
    currency: currencyCodeSchema.default('EUR').describe('payouts pay the approved balance in this currency'),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin"').default('UTC'),
    schedule: payoutScheduleSchema.default({ type: 'monthly', dayOfMonth: 1, hour: 6 }),
    methods: z
      .partialRecord(payoutMethodTypeSchema, payoutMethodSettingsSchema)
      .default({ manual: { provider: 'manual', minimum: '50.00' } })
      .describe('the payout methods this program pays, each with its provider and minimum'),
    approval: payoutApprovalPolicySchema.default(() => payoutApprovalPolicySchema.parse({})),
    methodChangeHoldHours: z.number().int().min(0).max(24 * 30).default(48).describe('a payout method changed this recently holds the payout (anti-takeover)'),
    pendingPollMinutes: z.number().int().min(1).max(24 * 60).default(60).describe('how often a payout pending at its provider is checked'),
    financeEmails: emailList.default([]).describe('told of failed and returned payouts'),
    form1099Thresholds: form1099ThresholdsSchema.describe('1099-NEC reporting threshold per tax year (US payees)'),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const amount = (value: string, path: (string | number)[]) => {
      const problem = amountProblem(value, policy.currency);
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
      return problem ? undefined : parseAmount(value, policy.currency);
    };
    if (Object.keys(policy.methods).length === 0) ctx.addIssue({ code: 'custom', path: ['methods'], message: 'name at least one payout method' });
    for (const [type, settings] of Object.entries(policy.methods)) amount(settings.minimum, ['methods', type, 'minimum']);
    const { approval } = policy;
    const autoBelow = amount(approval.autoApproveBelow, ['approval', 'autoApproveBelow']);
    if (approval.twoApproversFrom !== undefined) {
      const two = amount(approval.twoApproversFrom, ['approval', 'twoApproversFrom']);
      if (two !== undefined && autoBelow !== undefined && two < autoBelow) {
        ctx.addIssue({ code: 'custom', path: ['approval', 'twoApproversFrom'], message: 'must not be below autoApproveBelow' });
      }
    }
    if (approval.escalateAfterHours <= approval.remindAfterHours) {
      ctx.addIssue({ code: 'custom', path: ['approval', 'escalateAfterHours'], message: 'must be later than remindAfterHours' });
    }
    if (approval.onNoApproval === 'skip' && approval.skipAfterHours === undefined) {
      ctx.addIssue({ code: 'custom', path: ['approval', 'skipAfterHours'], message: 'is required with onNoApproval "skip": say after how many hours' });
    }
  })
  .describe('payout policy');
export type PayoutPolicy = z.infer<typeof payoutPolicySchema>;
export type PayoutPolicyInput = z.input<typeof payoutPolicySchema>;

/** A program without a payout config: monthly on the 1st, finance pays by hand from 50.00 EUR. */
export const DEFAULT_PAYOUT_POLICY: PayoutPolicyInput = {
  currency: 'EUR',
  timeZone: 'UTC',
  schedule: { type: 'monthly', dayOfMonth: 1, hour: 6 },
  methods: { manual: { provider: 'manual', minimum: '50.00' } },
  approval: { autoApproveBelow: '100.00', twoApproversFrom: '5000.00', manualForFirstPayout: true, manualWhenFraudFlags: true, remindAfterHours: 24, escalateAfterHours: 72, onNoApproval: 'remind' },
};

import { z } from 'zod';
import { amountProblem, parseAmount } from '../money/money';

/**
 * The 1099-NEC reporting threshold per tax year: a payee is reported once the year's payments
 * reach it. $600 for tax years through 2025; $2,000 for payments from 2026 (One Big Beautiful Bill
 * Act, P.L. 119-21), to be indexed for inflation after 2026 — those adjustments go in `overrides`.
 * Part of the program's payout policy (`form1099Thresholds`).
 */

const taxYearSchema = z.number().int().min(1990).max(2200);
const usdAmountSchema = z
  .string()
  .trim()
  .superRefine((amount, ctx) => {
    const problem = amountProblem(amount, 'USD');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('US dollars as decimal text, e.g. "600.00"');

export const DEFAULT_1099_THRESHOLD_SCHEDULE = [
  { fromYear: 1990, amount: '600.00' },
  { fromYear: 2026, amount: '2000.00' },
];

export const form1099ThresholdsSchema = z
  .object({
    schedule: z
      .array(z.object({ fromYear: taxYearSchema, amount: usdAmountSchema }).strict())
      .min(1, 'needs at least one threshold')
      .refine(
        (steps) => steps.every((step, index) => index === 0 || step.fromYear > steps[index - 1].fromYear),
        'must be in increasing fromYear order, one entry per year',
      )
      .default(() => DEFAULT_1099_THRESHOLD_SCHEDULE.map((step) => ({ ...step })))
      .describe('each threshold applies from its year until the next entry; years before the first use the first'),
    overrides: z
      .record(z.string().regex(/^\d{4}$/, 'must be a tax year such as "2027"'), usdAmountSchema)
      .default(() => ({}))
      .describe('a tax year\'s own threshold over the schedule, e.g. the IRS inflation adjustment: { "2027": "2050.00" }'),
  })
  .strict()
  .default(() => ({ schedule: DEFAULT_1099_THRESHOLD_SCHEDULE.map((step) => ({ ...step })), overrides: {} }));
export type Form1099Thresholds = z.infer<typeof form1099ThresholdsSchema>;

/** The threshold of `taxYear` in US cents. */
export function form1099Threshold(thresholds: Form1099Thresholds, taxYear: number): bigint {
  const override = thresholds.overrides[String(taxYear)];
  if (override !== undefined) return parseAmount(override, 'USD');
  const applicable = [...thresholds.schedule].reverse().find((step) => step.fromYear <= taxYear) ?? thresholds.schedule[0];
  return parseAmount(applicable.amount, 'USD');
}

/**
 * The thresholds of a program's payout policy document, or the defaults when the program has no
 * payout policy, its policy predates the field, or the field cannot be read.
 */
export function form1099ThresholdsOf(payoutPolicy: unknown): Form1099Thresholds {
  const field = payoutPolicy && typeof payoutPolicy === 'object' ? (payoutPolicy as { form1099Thresholds?: unknown }).form1099Thresholds : undefined;
  const parsed = form1099ThresholdsSchema.safeParse(field);
  return parsed.success ? parsed.data : form1099ThresholdsSchema.parse(undefined);
}

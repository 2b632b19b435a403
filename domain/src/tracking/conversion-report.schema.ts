import { z } from 'zod';
import { currencyCodeSchema } from '../money/currency';
import { decimalAmountSchema } from '../money/decimal';
import { amountProblem } from '../money/money';

/**
 * A conversion as a merchant event or S2S postback reports it (API.md, tracking). The same schema
 * validates both doors, so a postback and an event with the same facts are the same conversion.
 */

export const CONVERSION_TYPES = [
  'lead',
  'signup',
  'trial_start',
  'sale',
  'deposit',
  'renewal',
  'trade',
  'refund',
  'chargeback',
] as const;
export const conversionTypeSchema = z
  .enum(CONVERSION_TYPES)
  .describe('lead, signup, trial_start, sale, deposit (FTD), renewal, trade (Forex volume), refund, chargeback');
export type ConversionType = z.infer<typeof conversionTypeSchema>;

/** Types that take back (part of) an earlier conversion named in `refersTo`. */
export const REVERSAL_TYPES: readonly ConversionType[] = ['refund', 'chargeback'];
export const isReversal = (type: ConversionType): boolean => REVERSAL_TYPES.includes(type);

/** Types that are about money and so must say how much. */
export const AMOUNT_REQUIRED_TYPES: readonly ConversionType[] = ['sale', 'deposit', 'renewal'];

/**
 * When `refersTo` names an external id used by several events (a lead and a sale of one order),
 * the reversal takes back the first of these that exists.
 */
export const REVERSIBLE_TYPES_BY_PRIORITY: readonly ConversionType[] = ['sale', 'renewal', 'deposit', 'trade', 'trial_start', 'signup', 'lead'];

const LOTS = /^\d{1,9}(\.\d{1,2})?$/;
const shortText = (max: number) => z.string().trim().min(1).max(max);

export const conversionLineSchema = z
  .object({
    sku: shortText(100).optional(),
    name: shortText(200).optional(),
    category: shortText(100).optional().describe('product category, for category-based commission rules'),
    quantity: z.number().int().min(1).max(1_000_000).optional(),
    amount: decimalAmountSchema().optional().describe("the line's total in the conversion's currency"),
    instrument: shortText(32).optional().describe('trade: the instrument, e.g. EURUSD'),
    lots: z
      .union([z.string().trim(), z.number().finite()])
      .transform((value) => (typeof value === 'number' ? String(value) : value))
      .refine((value) => LOTS.test(value) && Number(value) > 0, 'must be a positive number of lots with at most 2 decimals')
      .optional()
      .describe('trade: volume in standard lots (0.01 = a micro lot)'),
  })
  .strict();
export type ConversionLine = z.infer<typeof conversionLineSchema>;

const subIdSchema = shortText(255);

const required = (expected: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : expected);

export const conversionReportFields = {
  type: z.enum(CONVERSION_TYPES, { error: required(`must be one of ${CONVERSION_TYPES.join(', ')}`) }).describe(conversionTypeSchema.description ?? ''),
  externalId: z.string({ error: required('must be text') }).trim().min(1).max(200).describe("the merchant's id of this event (order id, deposit id…); unique per type"),
  clickId: shortText(64).optional().describe('the click id the destination received (clk_…)'),
  couponCode: shortText(64).optional().describe('a coupon code the customer used'),
  customerId: shortText(200).optional().describe("the merchant's customer id: keeps recurring revenue with the first partner"),
  customerEmail: z.email().max(320).optional().describe('only hashed and compared for self-referral'),
  ip: z.union([z.ipv4(), z.ipv6()]).optional().describe("the customer's IP: hashed; checked against velocity and listed ranges"),
  amount: decimalAmountSchema()
    .optional()
    .describe('in major units of `currency`, e.g. "49.99"; refunds and chargebacks state the amount taken back, default all that remains'),
  currency: currencyCodeSchema.optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional().describe('when it happened; default: when it was received'),
  lines: z.array(conversionLineSchema).min(1).max(500).optional(),
  refersTo: shortText(200).optional().describe('refund/chargeback: the externalId of the original event'),
  subIds: z
    .object({ sub1: subIdSchema.optional(), sub2: subIdSchema.optional(), sub3: subIdSchema.optional(), sub4: subIdSchema.optional(), sub5: subIdSchema.optional() })
    .strict()
    .optional(),
};

/** Cross-field rules both doors share; issues carry the field's path. */
export function checkConversionReport(report: ConversionReportShape, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (report.amount !== undefined && !report.currency) issue('currency', 'is required with an amount');
  if (AMOUNT_REQUIRED_TYPES.includes(report.type) && report.amount === undefined) issue('amount', `is required for a ${report.type}`);
  if (report.amount !== undefined && report.currency) {
    const problem = amountProblem(report.amount, report.currency);
    if (problem) issue('amount', problem);
  }
  report.lines?.forEach((line, index) => {
    const problem = line.amount !== undefined && report.currency ? amountProblem(line.amount, report.currency) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['lines', index, 'amount'], message: problem });
  });
  if (isReversal(report.type)) {
    if (!report.refersTo) issue('refersTo', `is required for a ${report.type}: the externalId of the original event`);
  } else if (report.refersTo) {
    issue('refersTo', 'only refunds and chargebacks refer to another event');
  }
  if (report.type === 'trade' && !report.lines?.some((line) => line.instrument && line.lots)) {
    issue('lines', 'a trade needs at least one line with an instrument and lots');
  }
}

interface ConversionReportShape {
  type: ConversionType;
  amount?: string;
  currency?: string;
  refersTo?: string;
  lines?: ConversionLine[];
}

export const conversionReportSchema = z.object(conversionReportFields).strict().superRefine(checkConversionReport);
export type ConversionReport = z.infer<typeof conversionReportSchema>;

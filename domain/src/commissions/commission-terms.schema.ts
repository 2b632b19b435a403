import { z } from 'zod';
import { decimalAmountSchema } from '../money/decimal';
import { percentRateSchema } from './commission-rates';

/**
 * The "terms" of each commission rule type: the numbers a rule pays. A rule carries its program
 * default terms, may carry other terms per partner tier (`byTier`), and a partner may have an
 * override of the whole terms object — precedence: partner override > tier > program default.
 * All money here is decimal text in the plan's currency; the plan checks its decimals.
 */

export const planAmountSchema = decimalAmountSchema().describe('decimal text in the plan currency, e.g. "25.00"');

const categorySchema = z.string().trim().min(1).max(100).describe("a product category exactly as conversion lines send it");
const instrumentSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._/#-]{1,32}$/, 'must be an instrument symbol such as "EURUSD" (letters, digits, . _ / # -)')
  .describe('a trading instrument exactly as trade lines send it, e.g. "EURUSD"');

export const perInstrumentAmountsSchema = z
  .record(instrumentSchema, planAmountSchema)
  .describe('amount per standard lot by instrument; overrides perLot for the instruments listed');

export const flatTermsSchema = z
  .object({ amount: planAmountSchema.describe('paid once per conversion (CPA / bounty)') })
  .strict();

export const percentageTermsSchema = z
  .object({
    rate: percentRateSchema.describe("percentage of the conversion's amount (RevShare); lines of a category listed in byCategory use that rate instead"),
    byCategory: z
      .record(categorySchema, percentRateSchema)
      .optional()
      .describe("rate per product category, applied to the amounts of the conversion's lines in that category"),
  })
  .strict();

export const hybridTermsSchema = z
  .object({
    amount: planAmountSchema.describe('flat part, paid once per conversion'),
    rate: percentRateSchema.describe('percentage part, of the conversion amount'),
    byCategory: percentageTermsSchema.shape.byCategory,
  })
  .strict();

export const perLotTermsSchema = z
  .object({
    perLot: planAmountSchema.optional().describe('amount per standard lot for any instrument not listed in byInstrument'),
    byInstrument: perInstrumentAmountsSchema.optional(),
  })
  .strict();

export const volumeBandSchema = z
  .object({
    from: decimalAmountSchema().describe(
      'where the band starts: for measure "count", the ordinal of the first conversion in the band (first band: 1); ' +
        'for measure "revenue", the period revenue in the plan currency (first band: "0")',
    ),
    rate: percentRateSchema.optional().describe('percentage paid in this band (give rate or amount, the same in every band)'),
    amount: planAmountSchema.optional().describe('flat amount per conversion in this band (instead of rate)'),
  })
  .strict();

export const volumeBandsTermsSchema = z
  .object({ bands: z.array(volumeBandSchema).min(1).max(50).describe('bands in increasing order of `from`') })
  .strict();

export const milestoneSchema = z
  .object({
    at: decimalAmountSchema().describe('the period count (measure "count": 10 = the 10th conversion) or revenue in the plan currency that earns the bonus'),
    amount: planAmountSchema.describe('bonus paid once, with the conversion that reaches `at`'),
  })
  .strict();

export const milestoneTermsSchema = z
  .object({ milestones: z.array(milestoneSchema).min(1).max(50).describe('milestones in increasing order of `at`') })
  .strict();

export const ibLevelSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('percentage_of_amount'), rate: percentRateSchema.describe("percentage of the sub-IB conversion's amount") })
    .strict(),
  z
    .object({
      type: z.literal('percentage_of_commission'),
      rate: percentRateSchema.describe("percentage of the commission the converting partner earned on this conversion (after caps)"),
    })
    .strict(),
  z
    .object({
      type: z.literal('per_lot'),
      perLot: planAmountSchema.optional().describe('amount per standard lot of the sub-IB volume'),
      byInstrument: perInstrumentAmountsSchema.optional(),
    })
    .strict(),
]);
export type IbLevel = z.infer<typeof ibLevelSchema>;

export const ibOverrideTermsSchema = z
  .object({
    levels: z
      .array(ibLevelSchema)
      .min(1)
      .max(10)
      .describe("what each master earns: levels[0] pays the converting partner's direct master, levels[1] that master's master, …"),
  })
  .strict();

export type FlatTerms = z.infer<typeof flatTermsSchema>;
export type PercentageTerms = z.infer<typeof percentageTermsSchema>;
export type HybridTerms = z.infer<typeof hybridTermsSchema>;
export type PerLotTerms = z.infer<typeof perLotTermsSchema>;
export type VolumeBandsTerms = z.infer<typeof volumeBandsTermsSchema>;
export type MilestoneTerms = z.infer<typeof milestoneTermsSchema>;
export type IbOverrideTerms = z.infer<typeof ibOverrideTermsSchema>;

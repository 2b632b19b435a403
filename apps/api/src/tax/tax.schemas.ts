import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { addressSchema, moneyViewSchema, taxProfileInputSchema, taxProfileViewSchema } from '@partnerflow/domain';

/**
 * The body is a union of three forms, which TypeScript cannot extend as a class: this named class
 * documents it (@ApiBody) and the controller validates with the schema itself.
 */
export class TaxProfileInputDto extends (createZodDto(taxProfileInputSchema) as unknown as new () => object) {}
export class TaxProfileDto extends createZodDto(taxProfileViewSchema) {}

export class Form1099QueryDto extends createZodDto(
  z.object({ year: z.coerce.number().int().min(1990).max(2200).describe('the tax (calendar) year, e.g. 2026') }),
) {}

const maskedTinSchema = z.object({ type: z.string(), masked: z.string() });

export const form1099NecReportSchema = z.object({
  programId: z.string(),
  taxYear: z.number().int(),
  threshold: moneyViewSchema.describe("the year's reporting threshold (payout config `form1099Thresholds`)"),
  payer: z.object({ name: z.string().describe("the program's name; the payer's own TIN and address are added at filing") }),
  recipients: z.array(
    z.object({
      partnerId: z.string().describe('also the account number on the form'),
      name: z.string().describe('W-9 line 1'),
      businessName: z.string().nullable().describe('W-9 line 2'),
      tin: maskedTinSchema.nullable().describe('masked here; the full TIN is only in the CSV for filing'),
      address: addressSchema,
      box1NonemployeeCompensation: moneyViewSchema.describe('USD paid in the calendar year (UTC), exact'),
      payoutIds: z.array(z.string()),
    }),
  ),
  excluded: z.array(z.object({ partnerId: z.string(), name: z.string(), total: moneyViewSchema, reason: z.string() })).describe('W-9 payees over the threshold the form does not report (corporations)'),
  withoutW9: z.array(z.object({ partnerId: z.string(), name: z.string(), total: moneyViewSchema })).describe('partners in the US paid over the threshold with no W-9 on file: collect one'),
  convertedToUsd: z
    .array(
      z.object({
        partnerId: z.string(),
        payoutId: z.string(),
        amount: moneyViewSchema,
        paidAt: z.iso.datetime(),
        usd: moneyViewSchema.describe('what box 1 counts'),
        rate: z.object({ id: z.string(), rate: z.string(), effectiveFrom: z.iso.datetime() }).describe('the FX rate into USD in force on the payment date'),
      }),
    )
    .describe('paid payouts of W-9 payees in other currencies, counted in box 1 at their USD value'),
  otherCurrencies: z
    .array(z.object({ partnerId: z.string(), payoutId: z.string(), amount: moneyViewSchema, paidAt: z.iso.datetime() }))
    .describe('paid payouts of W-9 payees in other currencies with no rate into USD on their payment date: not in box 1; add a rate (PUT …/fx-rates) or convert by hand'),
});
export class Form1099NecReportDto extends createZodDto(form1099NecReportSchema) {}

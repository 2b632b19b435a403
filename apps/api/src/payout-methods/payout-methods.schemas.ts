import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { moneyViewSchema, PAYOUT_METHOD_TYPES, payoutMethodSchema, type PayoutMethodKind } from '@partnerflow/domain';

/** A payout method as validated and normalised by payoutMethodSchema (the details fit the type). */
export interface PayoutMethodBody {
  type: PayoutMethodKind;
  details: Record<string, unknown>;
}

/**
 * PUT body: `{ type, details }`, the details checked by the type's schema (IBAN mod 97, BIC, PayPal email, Stripe
 * account id) with each problem at its path (`details.iban`). An object schema outside, so it is a DTO class.
 */
export const payoutMethodBodySchema = z
  .object({
    type: z.enum(PAYOUT_METHOD_TYPES),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'manual: { note? }; bank_transfer: { accountHolder, iban, bic? } or { accountHolder, accountNumber, routingNumber?, country }; ' +
          'paypal: { email }; stripe: { accountId: "acct_…" }',
      ),
  })
  .transform((body, ctx): PayoutMethodBody => {
    const parsed = payoutMethodSchema.safeParse(body);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return z.NEVER;
  });
export class PayoutMethodBodyDto extends createZodDto(payoutMethodBodySchema) {}

export const payoutMethodViewSchema = z.object({
  partnerId: z.string(),
  type: z.enum(PAYOUT_METHOD_TYPES),
  details: z
    .record(z.string(), z.string())
    .describe('masked: the last 4 characters of an IBAN or account number, a partly hidden email'),
  changedAt: z.iso.datetime().describe('when the account last changed; payouts hold for a while after a change (anti-takeover)'),
  createdAt: z.iso.datetime(),
});
export class PayoutMethodViewDto extends createZodDto(payoutMethodViewSchema) {}

export const payoutMethodSavedSchema = payoutMethodViewSchema.extend({
  changed: z.boolean().describe('false when the same account was sent again: nothing was written'),
});
export class PayoutMethodSavedDto extends createZodDto(payoutMethodSavedSchema) {}

export const bankFileListSchema = z.object({
  runId: z.string(),
  files: z.array(
    z.object({
      name: z.string().describe('download it from /v1/payout-runs/:runId/bank-files/:name'),
      format: z.enum(['sepa-xml', 'csv']).describe('sepa-xml: ISO 20022 pain.001.001.09 SEPA credit transfer; csv: a batch for other transfers'),
      contentType: z.string(),
      payouts: z.number().int(),
      total: moneyViewSchema,
      available: z.boolean(),
      problem: z.string().optional().describe('why the file cannot be made now (e.g. the debtor account is not configured)'),
    }),
  ),
  excluded: z
    .array(z.object({ payoutId: z.string(), partnerId: z.string(), reason: z.string() }))
    .describe('bank-transfer payouts of the run that are in no file, and why'),
});
export class BankFileListDto extends createZodDto(bankFileListSchema) {}

export class RunIdParamsDto extends createZodDto(z.object({ runId: z.string().min(1).max(200) })) {}
export class BankFileParamsDto extends createZodDto(z.object({ runId: z.string().min(1).max(200), name: z.string().min(1).max(250) })) {}

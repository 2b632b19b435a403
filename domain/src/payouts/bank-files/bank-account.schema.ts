import { z } from 'zod';
import { bicProblem, normalizeBic } from './bic';
import { ibanCountry, ibanProblem, normalizeIban } from './iban';

/**
 * Where a bank transfer goes: an IBAN (with an optional BIC), or for countries without IBANs a local account
 * number with its routing/sort code and country. Normalised on the way in, so the same account always compares
 * equal (the payout-method hold starts only when the account really changes).
 */
export const bankTransferDetailsSchema = z
  .object({
    accountHolder: z.string().trim().min(1, 'name the account holder').max(140).describe('name on the account'),
    iban: z
      .string()
      .transform(normalizeIban)
      .superRefine((iban, ctx) => {
        const problem = ibanProblem(iban);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .describe('IBAN (spaces allowed); required unless accountNumber is given'),
    bic: z
      .string()
      .transform(normalizeBic)
      .superRefine((bic, ctx) => {
        const problem = bicProblem(bic);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .describe('BIC / SWIFT code of the bank (optional for SEPA IBANs)'),
    accountNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,34}$/, 'must be 4 to 34 letters, digits or dashes')
      .optional()
      .describe('local account number, for countries without IBANs'),
    routingNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{3,20}$/, 'must be 3 to 20 letters, digits or dashes')
      .optional()
      .describe('ABA routing number, sort code, transit or BSB number, where the country uses one'),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code')
      .optional()
      .describe("the bank's country; taken from the IBAN when one is given"),
  })
  .strict()
  .superRefine((details, ctx) => {
    if (details.iban !== undefined && details.accountNumber !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['accountNumber'], message: 'give either an IBAN or an account number, not both' });
    }
    if (details.iban === undefined && details.accountNumber === undefined) {
      ctx.addIssue({ code: 'custom', path: ['iban'], message: 'give an IBAN, or an account number with its country' });
    }
    if (details.accountNumber !== undefined && details.country === undefined) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: "name the bank's country for a local account number" });
    }
    if (details.iban !== undefined && details.country !== undefined && !ibanProblem(details.iban) && ibanCountry(details.iban) !== details.country) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: `the IBAN is from ${ibanCountry(details.iban)}, not ${details.country}` });
    }
  })
  .transform((details) => (details.iban !== undefined ? { ...details, country: ibanCountry(details.iban) } : details));

export type BankTransferDetails = z.output<typeof bankTransferDetailsSchema>;

import { z } from 'zod';
import { addressSchema, certificationSchema, formText, optionalFormText } from './tax-form-parts.schema';
import { normaliseUsTin, US_TIN_TYPES, usTinProblem } from './tax-identifiers';

/** Form W-9 (Rev. March 2024), line 3a: the owner's federal tax classification. */
export const W9_TAX_CLASSIFICATIONS = [
  'individual_sole_proprietor',
  'c_corporation',
  's_corporation',
  'partnership',
  'trust_estate',
  'llc',
  'other',
] as const;
export type W9TaxClassification = (typeof W9_TAX_CLASSIFICATIONS)[number];

/** Line 4 exemption codes (they apply only to certain entities, never to individuals). */
const EXEMPT_PAYEE_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;
const FATCA_EXEMPTION_CODES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M'] as const;

/** A US TIN (Part I), checked for format and numbers the IRS never issues; stored as 9 digits. */
export const usTinSchema = z
  .object({
    type: z.enum(US_TIN_TYPES).describe('ssn, itin (entered in the SSN box by resident aliens without an SSN) or ein'),
    value: z.string().describe('9 digits, with or without hyphens; never returned by the API'),
  })
  .strict()
  .superRefine((tin, ctx) => {
    const problem = usTinProblem(tin.type, tin.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  })
  .transform((tin) => ({ type: tin.type, value: normaliseUsTin(tin.value) }));

/** How the classification files: entities other than individuals identify themselves with an EIN. */
function isEntity(form: { federalTaxClassification: W9TaxClassification }): boolean {
  return form.federalTaxClassification !== 'individual_sole_proprietor' && form.federalTaxClassification !== 'other';
}

export const w9FormSchema = z
  .object({
    formType: z.literal('w9'),
    name: formText(200).describe("line 1: the owner's name as shown on its income tax return"),
    businessName: optionalFormText(200).describe('line 2: business name or disregarded entity name, if different'),
    federalTaxClassification: z.enum(W9_TAX_CLASSIFICATIONS).describe('line 3a'),
    llcTaxClassification: z.enum(['C', 'S', 'P']).optional().describe('line 3a, LLC only: taxed as C corporation, S corporation or partnership'),
    otherClassification: optionalFormText(100).describe('line 3a, "other" only: the classification in words'),
    hasForeignPartners: z
      .boolean()
      .default(false)
      .describe('line 3b: a partnership, trust or estate (or LLC taxed as one) with foreign partners, owners or beneficiaries'),
    exemptions: z
      .object({
        exemptPayeeCode: z.enum(EXEMPT_PAYEE_CODES).optional().describe('line 4: exempt payee code'),
        fatcaExemptionCode: z.enum(FATCA_EXEMPTION_CODES).optional().describe('line 4: exemption from FATCA reporting code'),
      })
      .strict()
      .default({}),
    address: addressSchema.describe('lines 5 and 6'),
    tin: usTinSchema.describe('Part I: taxpayer identification number'),
    backupWithholding: z
      .boolean()
      .default(false)
      .describe('the IRS has notified the owner that it is subject to backup withholding (certification item 2 crossed out)'),
    certification: certificationSchema.describe('Part II'),
  })
  .strict()
  .superRefine((form, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const classification = form.federalTaxClassification;
    if (classification === 'llc' && !form.llcTaxClassification) issue(['llcTaxClassification'], 'is required for an LLC: C, S or P');
    if (classification !== 'llc' && form.llcTaxClassification) issue(['llcTaxClassification'], 'applies to an LLC only');
    if (classification === 'other' && !form.otherClassification) issue(['otherClassification'], 'is required when the classification is "other"');
    if (isEntity(form) && form.tin.type !== 'ein') issue(['tin', 'type'], 'an entity identifies itself with its EIN');
    if (classification === 'individual_sole_proprietor' && (form.exemptions.exemptPayeeCode || form.exemptions.fatcaExemptionCode)) {
      issue(['exemptions'], 'exemption codes do not apply to individuals');
    }
    const flowThrough = classification === 'partnership' || classification === 'trust_estate' || form.llcTaxClassification === 'P';
    if (form.hasForeignPartners && !flowThrough) issue(['hasForeignPartners'], 'applies to partnerships, trusts and estates only');
  });
export type W9Form = z.infer<typeof w9FormSchema>;

/**
 * Payees the 1099-NEC does not report: corporations (C or S, LLCs taxed as either included),
 * per the IRS instructions' general rule for payments to corporations.
 */
export function isCorporatePayee(fields: { federalTaxClassification?: string; llcTaxClassification?: string }): boolean {
  const classification = fields.federalTaxClassification;
  if (classification === 'c_corporation' || classification === 's_corporation') return true;
  return classification === 'llc' && (fields.llcTaxClassification === 'C' || fields.llcTaxClassification === 'S');
}

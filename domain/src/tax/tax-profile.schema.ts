import { z } from 'zod';
import { w8benFormSchema } from './w8ben-form.schema';
import { w8beneFormSchema } from './w8bene-form.schema';
import { w9FormSchema } from './w9-form.schema';

export const TAX_FORM_TYPES = ['w9', 'w8ben', 'w8bene'] as const;
export type TaxFormType = (typeof TAX_FORM_TYPES)[number];

/**
 * A partner's tax form, as submitted: W-9 (US persons), W-8BEN (foreign individuals) or W-8BEN-E
 * (foreign entities). `formType` picks the form; each checks the fields that form collects.
 */
export const taxProfileInputSchema = z.discriminatedUnion('formType', [w9FormSchema, w8benFormSchema, w8beneFormSchema]);
export type TaxProfileInput = z.infer<typeof taxProfileInputSchema>;

/** A W-9 is the certificate of a US person; the W-8 forms certify foreign status. */
export function isUsPersonForm(formType: TaxFormType): boolean {
  return formType === 'w9';
}

const maskedTinSchema = z.object({
  type: z.enum(['ssn', 'itin', 'ein', 'foreign']),
  masked: z.string().describe('e.g. ***-**-1234 (SSN, ITIN), **-***1234 (EIN), ****1234 (foreign)'),
});

/** What the API shows of a tax profile: the form as submitted, every TIN masked. */
export const taxProfileViewSchema = z.object({
  partnerId: z.string(),
  formType: z.enum(TAX_FORM_TYPES),
  usPerson: z.boolean().describe('true for a W-9'),
  legalName: z.string(),
  country: z.string().describe('country of the tax address (W-9) or of residence (W-8)'),
  tin: maskedTinSchema.nullable().describe('the main TIN: the W-9 TIN, or a W-8\'s foreign TIN (else its US TIN)'),
  form: z.record(z.string(), z.unknown()).describe('every field of the form as submitted, TINs replaced by { type, masked }'),
  signedAt: z.iso.datetime(),
  expiresOn: z.iso.date().nullable().describe('W-8 forms stay valid until the end of the third calendar year after signing; a W-9 does not expire'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TaxProfileView = z.infer<typeof taxProfileViewSchema>;

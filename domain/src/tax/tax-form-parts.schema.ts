import { z } from 'zod';
import { countryCodeSchema } from '../partners/partner.schema';

/** Pieces the W-9, W-8BEN and W-8BEN-E schemas share: text, addresses, treaty claims, signature. */

export const formText = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
/** Optional text; an empty answer counts as none. */
export const optionalFormText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => (value === '' ? undefined : value))
    .optional();

/** The 50 states, DC, the territories and the military "states" a US address may name. */
const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC ' +
    'SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP AA AE AP'
  ).split(' '),
);

/**
 * A postal address. A US one (country US) names its state and ZIP code the way the IRS forms and
 * the 1099 filing need them; elsewhere region and postal code are as the country writes them.
 */
export const addressSchema = z
  .object({
    line1: formText(200).describe('number, street, and apt. or suite no.'),
    line2: optionalFormText(200),
    city: formText(100),
    region: optionalFormText(100).describe('US: the two-letter state code; elsewhere state, province or county where used'),
    postalCode: optionalFormText(20).describe('US: ZIP code 12345 or 12345-6789'),
    country: countryCodeSchema,
  })
  .strict()
  .superRefine((address, ctx) => {
    if (address.country !== 'US') return;
    if (!address.region || !US_STATES.has(address.region.toUpperCase())) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'must be a two-letter US state or territory code (e.g. NY, DC, PR)' });
    }
    if (!address.postalCode || !/^\d{5}(?:-\d{4})?$/.test(address.postalCode)) {
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'must be a ZIP code: 12345 or 12345-6789' });
    }
  })
  .transform((address) => ({ ...address, region: address.country === 'US' ? address.region?.toUpperCase() : address.region }));
export type PostalAddress = z.infer<typeof addressSchema>;

/**
 * A W-8 permanent residence address: where the owner lives or is organised for tax purposes —
 * never a P.O. box or an in-care-of address (IRS instructions), and not in the United States.
 */
export const permanentResidenceAddressSchema = addressSchema.superRefine((address, ctx) => {
  if (/^\s*(?:p\.?\s*o\.?\s*box|post\s+office\s+box|c\/o\b|in\s+care\s+of)/i.test(address.line1)) {
    ctx.addIssue({ code: 'custom', path: ['line1'], message: 'must be a street address, not a P.O. box or in-care-of address' });
  }
  if (address.country === 'US') {
    ctx.addIssue({ code: 'custom', path: ['country'], message: 'a W-8 is for non-US persons: a US residence needs a W-9' });
  }
});

/** The treaty benefits claimed (W-8BEN Part II, W-8BEN-E Part III). */
export const treatyClaimSchema = z
  .object({
    country: countryCodeSchema.describe('the treaty country: where the beneficial owner is resident'),
    article: z
      .string()
      .trim()
      .regex(/^\d{1,2}[A-Z]?(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*$/i, 'must be a treaty article and paragraph, e.g. "7" or "12(2)(a)"'),
    ratePercent: z
      .string()
      .trim()
      .regex(/^\d{1,2}(?:\.\d{1,2})?$/, { error: 'must be a percentage such as "0", "10" or "12.5"', abort: true })
      .refine((rate) => Number(rate) <= 30, 'must be at most 30 (the statutory withholding rate)')
      .describe('the withholding rate claimed, in percent'),
    incomeType: formText(200).describe('e.g. "business profits", "royalties"'),
    conditions: optionalFormText(1000).describe('additional conditions of the article the owner meets'),
  })
  .strict();
export type TreatyClaim = z.infer<typeof treatyClaimSchema>;

const signedAtSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time', abort: true })
  // A form signed "tomorrow" is a typo or a clock problem; five minutes cover clock skew.
  .refine((value) => Date.parse(value) <= Date.now() + 5 * 60_000, 'must not be in the future');

/** Perjury statement accepted and signed electronically by the person named. */
export const certificationSchema = z
  .object({
    certified: z.literal(true, 'must be true: the signer accepts the form\'s certification under penalties of perjury'),
    signatureName: formText(200).describe('the name the signer typed as their signature'),
    signedAt: signedAtSchema.optional().describe('when it was signed; defaults to the time of saving'),
    capacity: optionalFormText(100).describe('the capacity in which the signer acts for the owner (e.g. director), when not the owner'),
  })
  .strict();
export type Certification = z.infer<typeof certificationSchema>;

/** YYYY-MM-DD, a real day in the past and after 1900. */
export const dateOfBirthSchema = z.iso
  .date({ error: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((value) => value >= '1900-01-01' && Date.parse(value) < Date.now(), 'must be a date in the past');

import { z } from 'zod';
import { countryCodeSchema } from '../partners/partner.schema';
import {
  addressSchema,
  certificationSchema,
  dateOfBirthSchema,
  formText,
  optionalFormText,
  permanentResidenceAddressSchema,
  treatyClaimSchema,
} from './tax-form-parts.schema';
import { checkForeignTin, foreignTinFields, w8UsTinSchema } from './w8-form-parts.schema';

/** Form W-8BEN (Rev. October 2021): a foreign individual, the beneficial owner of the payments. */
export const w8benFormSchema = z
  .object({
    formType: z.literal('w8ben'),
    name: formText(200).describe('line 1: name of the individual who is the beneficial owner'),
    countryOfCitizenship: countryCodeSchema.describe('line 2'),
    permanentResidenceAddress: permanentResidenceAddressSchema.describe('line 3: no P.O. box or in-care-of address'),
    mailingAddress: addressSchema.optional().describe('line 4: only if different from line 3'),
    usTin: w8UsTinSchema(['ssn', 'itin']).optional().describe('line 5: US SSN or ITIN, if any'),
    ...foreignTinFields,
    referenceNumber: optionalFormText(100).describe('line 7'),
    dateOfBirth: dateOfBirthSchema.describe('line 8: YYYY-MM-DD'),
    treatyClaim: treatyClaimSchema.optional().describe('Part II, lines 9 and 10: treaty benefits claimed'),
    certification: certificationSchema.describe('Part III'),
  })
  .strict()
  .superRefine((form, ctx) => {
    checkForeignTin(form, ctx);
    if (form.countryOfCitizenship === 'US') {
      ctx.addIssue({ code: 'custom', path: ['countryOfCitizenship'], message: 'a US citizen is a US person: use a W-9' });
    }
    if (form.treatyClaim && form.treatyClaim.country !== form.permanentResidenceAddress.country) {
      ctx.addIssue({
        code: 'custom',
        path: ['treatyClaim', 'country'],
        message: `must be the country of residence (${form.permanentResidenceAddress.country}): treaty benefits follow residence`,
      });
    }
  });
export type W8benForm = z.infer<typeof w8benFormSchema>;

import { z } from 'zod';
import { countryCodeSchema } from '../partners/partner.schema';
import {
  addressSchema,
  certificationSchema,
  formText,
  optionalFormText,
  permanentResidenceAddressSchema,
  treatyClaimSchema,
} from './tax-form-parts.schema';
import { giinProblem } from './tax-identifiers';
import { checkForeignTin, foreignTinFields, w8UsTinSchema } from './w8-form-parts.schema';

/** Form W-8BEN-E (Rev. October 2021), line 4: chapter 3 status (entity type). */
export const CHAPTER_3_STATUSES = [
  'corporation',
  'disregarded_entity',
  'partnership',
  'simple_trust',
  'grantor_trust',
  'complex_trust',
  'estate',
  'foreign_government_controlled_entity',
  'foreign_government_integral_part',
  'central_bank_of_issue',
  'tax_exempt_organization',
  'private_foundation',
  'international_organization',
] as const;

/** Line 5: chapter 4 (FATCA) status. */
export const CHAPTER_4_STATUSES = [
  'nonparticipating_ffi',
  'participating_ffi',
  'reporting_model_1_ffi',
  'reporting_model_2_ffi',
  'registered_deemed_compliant_ffi',
  'sponsored_ffi',
  'certified_deemed_compliant_nonregistering_local_bank',
  'certified_deemed_compliant_ffi_with_low_value_accounts',
  'certified_deemed_compliant_sponsored_closely_held_investment_vehicle',
  'certified_deemed_compliant_limited_life_debt_investment_entity',
  'certain_investment_entities_without_financial_accounts',
  'owner_documented_ffi',
  'restricted_distributor',
  'nonreporting_iga_ffi',
  'foreign_government',
  'international_organization',
  'exempt_retirement_plan',
  'entity_wholly_owned_by_exempt_beneficial_owners',
  'territory_financial_institution',
  'excepted_nonfinancial_group_entity',
  'excepted_nonfinancial_start_up_company',
  'excepted_nonfinancial_entity_in_liquidation_or_bankruptcy',
  'section_501c_organization',
  'nonprofit_organization',
  'publicly_traded_nffe_or_affiliate',
  'excepted_territory_nffe',
  'active_nffe',
  'passive_nffe',
  'excepted_inter_affiliate_ffi',
  'direct_reporting_nffe',
  'sponsored_direct_reporting_nffe',
  'account_that_is_not_a_financial_account',
] as const;

/** Statuses that certify a FATCA registration, so line 9a must carry the entity's GIIN. */
const STATUSES_WITH_GIIN = new Set<string>([
  'participating_ffi',
  'reporting_model_1_ffi',
  'reporting_model_2_ffi',
  'registered_deemed_compliant_ffi',
  'direct_reporting_nffe',
]);

/** Line 14b: the limitation-on-benefits provision an entity claiming treaty benefits meets. */
const LIMITATION_ON_BENEFITS = [
  'government',
  'tax_exempt_pension_trust_or_fund',
  'other_tax_exempt_organization',
  'publicly_traded_corporation',
  'subsidiary_of_publicly_traded_corporation',
  'ownership_and_base_erosion_test',
  'derivative_benefits_test',
  'active_trade_or_business_test',
  'favorable_discretionary_determination',
  'no_lob_article_in_treaty',
  'other',
] as const;

const entityTreatyClaimSchema = treatyClaimSchema.extend({
  limitationOnBenefits: z.enum(LIMITATION_ON_BENEFITS).describe('line 14b'),
  limitationOnBenefitsOther: optionalFormText(200).describe('line 14b "other": the article and paragraph met'),
});

export const w8beneFormSchema = z
  .object({
    formType: z.literal('w8bene'),
    name: formText(200).describe('line 1: name of the organisation that is the beneficial owner'),
    countryOfOrganization: countryCodeSchema.describe('line 2: country of incorporation or organisation'),
    disregardedEntityName: optionalFormText(200).describe('line 3: name of the disregarded entity receiving the payment, if any'),
    chapter3Status: z.enum(CHAPTER_3_STATUSES).describe('line 4'),
    chapter4Status: z.enum(CHAPTER_4_STATUSES).describe('line 5: FATCA status'),
    permanentResidenceAddress: permanentResidenceAddressSchema.describe('line 6: no P.O. box or in-care-of address'),
    mailingAddress: addressSchema.optional().describe('line 7: only if different from line 6'),
    usTin: w8UsTinSchema(['ein']).optional().describe('line 8: US EIN, if any'),
    giin: z
      .string()
      .superRefine((value, ctx) => {
        const problem = giinProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .transform((value) => value.trim().toUpperCase())
      .optional()
      .describe('line 9a: GIIN (a public FATCA registration number)'),
    ...foreignTinFields,
    referenceNumber: optionalFormText(100).describe('line 10'),
    treatyClaim: entityTreatyClaimSchema.optional().describe('Part III, lines 14 and 15: treaty benefits claimed'),
    certification: certificationSchema
      .extend({ capacity: formText(100).describe('the signer\'s capacity to sign for the entity, e.g. "director"') })
      .describe('Part XXX: signed by a person authorised to sign for the entity'),
  })
  .strict()
  .superRefine((form, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    checkForeignTin(form, ctx);
    if (form.countryOfOrganization === 'US') issue(['countryOfOrganization'], 'an entity organised in the US is a US person: use a W-9');
    if (STATUSES_WITH_GIIN.has(form.chapter4Status) && !form.giin) issue(['giin'], `is required for the FATCA status ${form.chapter4Status}`);
    const claim = form.treatyClaim;
    if (claim && claim.country !== form.permanentResidenceAddress.country) {
      issue(['treatyClaim', 'country'], `must be the country of residence (${form.permanentResidenceAddress.country}): treaty benefits follow residence`);
    }
    if (claim?.limitationOnBenefits === 'other' && !claim.limitationOnBenefitsOther) {
      issue(['treatyClaim', 'limitationOnBenefitsOther'], 'is required when the provision is "other"');
    }
  });
export type W8beneForm = z.infer<typeof w8beneFormSchema>;

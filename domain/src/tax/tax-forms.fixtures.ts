/**
 * Valid tax forms as a client would send them (tests start from these and break one field).
 * The TINs are made up and shaped like real ones; none belongs to anybody.
 */

export const validW9 = () => ({
  formType: 'w9' as const,
  name: 'Ada Lovelace',
  businessName: 'Analytical Reviews',
  federalTaxClassification: 'individual_sole_proprietor',
  address: { line1: '12 Engine Street', city: 'Brooklyn', region: 'ny', postalCode: '11201', country: 'us' },
  tin: { type: 'ssn', value: '123-45-6789' },
  certification: { certified: true, signatureName: 'Ada Lovelace', signedAt: '2026-01-15T10:00:00Z' },
});

export const validW9Corporation = () => ({
  formType: 'w9' as const,
  name: 'Difference Engines Inc.',
  federalTaxClassification: 'c_corporation',
  exemptions: { exemptPayeeCode: '5' },
  address: { line1: '1 Babbage Plaza', line2: 'Suite 200', city: 'Austin', region: 'TX', postalCode: '78701-1234', country: 'US' },
  tin: { type: 'ein', value: '12-3456789' },
  certification: { certified: true, signatureName: 'Charles Babbage' },
});

export const validW8ben = () => ({
  formType: 'w8ben' as const,
  name: 'Grace Hopper',
  countryOfCitizenship: 'gb',
  permanentResidenceAddress: { line1: '5 Compiler Road', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
  foreignTin: 'AB 12 34 56 C',
  dateOfBirth: '1980-12-09',
  treatyClaim: { country: 'GB', article: '7', ratePercent: '0', incomeType: 'business profits' },
  certification: { certified: true, signatureName: 'Grace Hopper', signedAt: '2026-02-01T09:30:00+01:00' },
});

export const validW8bene = () => ({
  formType: 'w8bene' as const,
  name: 'Lamarr Media GmbH',
  countryOfOrganization: 'DE',
  chapter3Status: 'corporation',
  chapter4Status: 'active_nffe',
  permanentResidenceAddress: { line1: 'Frequenzweg 3', city: 'Berlin', postalCode: '10115', country: 'DE' },
  foreignTin: 'DE123456789',
  treatyClaim: {
    country: 'DE',
    article: '7',
    ratePercent: '0',
    incomeType: 'business profits',
    limitationOnBenefits: 'active_trade_or_business_test',
  },
  certification: { certified: true, signatureName: 'Hedy Lamarr', capacity: 'managing director', signedAt: '2026-03-01T12:00:00Z' },
});

import { taxProfileInputSchema } from './tax-profile.schema';
import { validW8ben, validW8bene, validW9, validW9Corporation } from './tax-forms.fixtures';

/** Field-level problems as the API reports them: "path: message". */
function problems(input: unknown): string[] {
  const result = taxProfileInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const withField = <T extends object>(form: T, patch: Record<string, unknown>) => ({ ...form, ...patch });

describe('tax profile forms', () => {
  it('accepts a W-9, a W-8BEN and a W-8BEN-E, normalising codes and TINs', () => {
    const w9 = taxProfileInputSchema.parse(validW9());
    expect(w9).toMatchObject({ formType: 'w9', tin: { type: 'ssn', value: '123456789' }, address: { region: 'NY', country: 'US' } });
    expect(taxProfileInputSchema.parse(validW9Corporation())).toMatchObject({ tin: { type: 'ein', value: '123456789' } });
    expect(taxProfileInputSchema.parse(validW8ben())).toMatchObject({ countryOfCitizenship: 'GB', foreignTin: 'AB 12 34 56 C' });
    expect(taxProfileInputSchema.parse(validW8bene())).toMatchObject({ chapter4Status: 'active_nffe', foreignTin: 'DE123456789' });
  });

  it('refuses an unknown form type on the discriminator', () => {
    expect(problems({ ...validW9(), formType: 'w4' })).toEqual([expect.stringMatching(/^formType: /)]);
  });

  describe('W-9', () => {
    it('checks the TIN format where it is', () => {
      expect(problems(withField(validW9(), { tin: { type: 'ssn', value: '000-12-3456' } }))).toEqual(['tin.value: an SSN never starts with 000']);
      expect(problems(withField(validW9(), { tin: { type: 'ein', value: '12-34' } }))).toEqual(['tin.value: must be 9 digits, written 12-3456789']);
    });

    it('needs the certification accepted and signed', () => {
      expect(problems(withField(validW9(), { certification: { certified: false, signatureName: 'Ada' } }))).toEqual([
        expect.stringMatching(/^certification\.certified: must be true/),
      ]);
      expect(problems(withField(validW9(), { certification: { certified: true, signatureName: ' ' } }))).toEqual(['certification.signatureName: is required']);
      expect(problems(withField(validW9(), { certification: { certified: true, signatureName: 'Ada', signedAt: '2999-01-01T00:00:00Z' } }))).toEqual([
        'certification.signedAt: must not be in the future',
      ]);
    });

    it('has entities identify with an EIN and LLCs say how they are taxed', () => {
      expect(problems(withField(validW9Corporation(), { tin: { type: 'ssn', value: '123-45-6789' } }))).toEqual(['tin.type: an entity identifies itself with its EIN']);
      expect(problems(withField(validW9Corporation(), { federalTaxClassification: 'llc' }))).toEqual(['llcTaxClassification: is required for an LLC: C, S or P']);
      expect(problems(withField(validW9(), { llcTaxClassification: 'C' }))).toEqual(['llcTaxClassification: applies to an LLC only']);
      expect(problems(withField(validW9(), { federalTaxClassification: 'other' }))).toEqual(['otherClassification: is required when the classification is "other"']);
    });

    it('keeps exemption codes and line 3b to the entities they apply to', () => {
      expect(problems(withField(validW9(), { exemptions: { exemptPayeeCode: '5' } }))).toEqual(['exemptions: exemption codes do not apply to individuals']);
      expect(problems(withField(validW9Corporation(), { hasForeignPartners: true }))).toEqual(['hasForeignPartners: applies to partnerships, trusts and estates only']);
      expect(problems(withField(validW9Corporation(), { exemptions: { exemptPayeeCode: '14' } }))).toEqual([expect.stringMatching(/^exemptions\.exemptPayeeCode: /)]);
    });

    it('wants a US address with its state and ZIP code', () => {
      const address = { line1: '1 Main St', city: 'Springfield', region: 'XX', postalCode: '1234', country: 'US' };
      expect(problems(withField(validW9(), { address }))).toEqual([
        'address.region: must be a two-letter US state or territory code (e.g. NY, DC, PR)',
        'address.postalCode: must be a ZIP code: 12345 or 12345-6789',
      ]);
    });

    it('refuses fields the form does not have', () => {
      expect(problems(withField(validW9(), { dateOfBirth: '1990-01-01' }))).toEqual([expect.stringMatching(/^: Unrecognized key/)]);
    });
  });

  describe('W-8BEN', () => {
    it('needs a foreign TIN or a reason for its absence', () => {
      const { foreignTin: _tin, ...withoutTin } = validW8ben();
      expect(problems(withoutTin)).toEqual([expect.stringMatching(/^foreignTin: is required unless/)]);
      expect(problems({ ...withoutTin, foreignTinNotRequired: true })).toEqual([]);
      expect(problems({ ...withoutTin, foreignTinMissingReason: 'the UK issues no TIN to this resident' })).toEqual([]);
    });

    it('keeps US persons and P.O. boxes out and ties the treaty to residence', () => {
      expect(problems(withField(validW8ben(), { countryOfCitizenship: 'US' }))).toEqual(['countryOfCitizenship: a US citizen is a US person: use a W-9']);
      const poBox = { line1: 'P.O. Box 12', city: 'London', country: 'GB' };
      expect(problems(withField(validW8ben(), { permanentResidenceAddress: poBox }))).toEqual([
        'permanentResidenceAddress.line1: must be a street address, not a P.O. box or in-care-of address',
      ]);
      const inUs = { line1: '1 Main St', city: 'Boston', region: 'MA', postalCode: '02110', country: 'US' };
      expect(problems(withField(validW8ben(), { permanentResidenceAddress: inUs, treatyClaim: undefined }))).toEqual([
        'permanentResidenceAddress.country: a W-8 is for non-US persons: a US residence needs a W-9',
      ]);
      expect(problems(withField(validW8ben(), { treatyClaim: { ...validW8ben().treatyClaim, country: 'FR' } }))).toEqual([
        'treatyClaim.country: must be the country of residence (GB): treaty benefits follow residence',
      ]);
    });

    it('checks the treaty article, the rate and the date of birth', () => {
      const claim = validW8ben().treatyClaim;
      expect(problems(withField(validW8ben(), { treatyClaim: { ...claim, article: 'seven' } }))).toEqual([expect.stringMatching(/^treatyClaim\.article: /)]);
      expect(problems(withField(validW8ben(), { treatyClaim: { ...claim, ratePercent: '35' } }))).toEqual(['treatyClaim.ratePercent: must be at most 30 (the statutory withholding rate)']);
      expect(problems(withField(validW8ben(), { treatyClaim: { ...claim, article: '12(2)(a)', ratePercent: '12.5' } }))).toEqual([]);
      expect(problems(withField(validW8ben(), { dateOfBirth: '12/09/1980' }))).toEqual(['dateOfBirth: must be a date written YYYY-MM-DD']);
      expect(problems(withField(validW8ben(), { dateOfBirth: '2999-01-01' }))).toEqual(['dateOfBirth: must be a date in the past']);
    });

    it('takes an optional US SSN or ITIN, checked like on a W-9', () => {
      expect(problems(withField(validW8ben(), { usTin: { type: 'itin', value: '912-70-1234' } }))).toEqual([]);
      expect(problems(withField(validW8ben(), { usTin: { type: 'ein', value: '12-3456789' } }))).toEqual([expect.stringMatching(/^usTin\.type: /)]);
    });
  });

  describe('W-8BEN-E', () => {
    it('asks registered FFIs for their GIIN and checks its layout', () => {
      expect(problems(withField(validW8bene(), { chapter4Status: 'participating_ffi' }))).toEqual(['giin: is required for the FATCA status participating_ffi']);
      expect(problems(withField(validW8bene(), { chapter4Status: 'participating_ffi', giin: '98q96b.00000.le.276' }))).toEqual([]);
      expect(problems(withField(validW8bene(), { giin: 'nope' }))).toEqual([expect.stringMatching(/^giin: must be a GIIN/)]);
    });

    it('needs the statuses, the signer\'s capacity and the treaty provision', () => {
      expect(problems(withField(validW8bene(), { chapter3Status: 'llc' }))).toEqual([expect.stringMatching(/^chapter3Status: /)]);
      const { capacity: _capacity, ...signature } = validW8bene().certification;
      expect(problems(withField(validW8bene(), { certification: signature }))).toEqual([expect.stringMatching(/^certification\.capacity: /)]);
      const claim = { ...validW8bene().treatyClaim, limitationOnBenefits: 'other' };
      expect(problems(withField(validW8bene(), { treatyClaim: claim }))).toEqual(['treatyClaim.limitationOnBenefitsOther: is required when the provision is "other"']);
      expect(problems(withField(validW8bene(), { countryOfOrganization: 'US' }))).toEqual(['countryOfOrganization: an entity organised in the US is a US person: use a W-9']);
    });
  });
});

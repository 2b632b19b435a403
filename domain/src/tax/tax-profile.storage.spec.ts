import { taxFormProblem } from './tax-form-gate';
import { changedTaxProfileFields, taxProfileAuditSummary } from './tax-profile.changes';
import { taxProfileInputSchema } from './tax-profile.schema';
import { isSameTaxProfile, storedTaxProfileRecord, taxFormExpiresOn, taxProfileView, toTaxProfileRecord, type TaxProfileRecord } from './tax-profile.storage';
import { validW8ben, validW8bene, validW9 } from './tax-forms.fixtures';

const NOW = new Date('2026-04-01T12:00:00Z');
const record = (input: unknown) => toTaxProfileRecord(taxProfileInputSchema.parse(input), NOW);

/** The row a record becomes (what Prisma hands back), without the ciphertext. */
const stored = (r: TaxProfileRecord) => ({
  partnerId: 'ptn_1',
  ...r,
  address: JSON.parse(JSON.stringify(r.address)),
  fields: JSON.parse(JSON.stringify(r.fields)),
  createdAt: NOW,
  updatedAt: NOW,
});

describe('tax profile storage', () => {
  it('keeps a W-9 TIN apart from everything else and only its last four in clear', () => {
    const w9 = record(validW9());
    expect(w9).toMatchObject({ formType: 'w9', usPerson: true, legalName: 'Ada Lovelace', businessName: 'Analytical Reviews', country: 'US', tinType: 'ssn', tinLast4: '6789' });
    expect(w9.secrets).toEqual({ tin: '123456789' });
    expect(JSON.stringify({ ...w9, secrets: undefined })).not.toContain('123456789');
    expect(w9.fields).toMatchObject({ federalTaxClassification: 'individual_sole_proprietor', backupWithholding: false });
  });

  it('keeps both TINs of a W-8 secret and shows the foreign one as the main TIN', () => {
    const w8 = record({ ...validW8ben(), usTin: { type: 'itin', value: '912-70-1234' } });
    expect(w8).toMatchObject({ formType: 'w8ben', usPerson: false, country: 'GB', tinType: 'foreign', tinLast4: '456C' });
    expect(w8.secrets).toEqual({ foreignTin: 'AB 12 34 56 C', usTin: '912701234' });
    expect(JSON.stringify(w8.fields)).not.toMatch(/912701234|AB 12 34/);
  });

  it('signs at the time of saving when the form gives no signing time', () => {
    const w9 = record({ ...validW9(), certification: { certified: true, signatureName: 'Ada Lovelace' } });
    expect(w9.signedAt).toEqual(NOW);
    expect(record(validW9()).signedAt).toEqual(new Date('2026-01-15T10:00:00Z'));
  });

  it('shows the form back as submitted, every TIN masked', () => {
    const view = taxProfileView(stored(record({ ...validW8ben(), usTin: { type: 'ssn', value: '123-45-6789' } })));
    expect(view).toMatchObject({ formType: 'w8ben', usPerson: false, tin: { type: 'foreign', masked: '****456C' }, expiresOn: '2029-12-31' });
    expect(view.form).toMatchObject({
      name: 'Grace Hopper',
      countryOfCitizenship: 'GB',
      permanentResidenceAddress: { country: 'GB', city: 'London' },
      usTin: { type: 'ssn', masked: '***-**-6789' },
      foreignTin: { type: 'foreign', masked: '****456C' },
      treatyClaim: { country: 'GB', article: '7' },
      certification: { certified: true, signatureName: 'Grace Hopper', signedAt: '2026-02-01T08:30:00.000Z' },
    });
    expect(JSON.stringify(view)).not.toMatch(/123456789|123-45-6789|AB 12 34 56/);

    const w9 = taxProfileView(stored(record(validW9())));
    expect(w9).toMatchObject({ tin: { type: 'ssn', masked: '***-**-6789' }, expiresOn: null });
    expect(w9.form).toMatchObject({ name: 'Ada Lovelace', businessName: 'Analytical Reviews', tin: { type: 'ssn', masked: '***-**-6789' }, address: { region: 'NY' } });
    const entity = taxProfileView(stored(record(validW8bene())));
    expect(entity.form).toMatchObject({ chapter4Status: 'active_nffe', certification: { capacity: 'managing director' } });
  });

  it('tells an unchanged resubmission from a change', () => {
    const first = record(validW9());
    const roundTrip = storedTaxProfileRecord(stored(first), first.secrets);
    expect(isSameTaxProfile(record(validW9()), roundTrip, true)).toBe(true);
    expect(isSameTaxProfile(record({ ...validW9(), tin: { type: 'ssn', value: '123-45-6780' } }), roundTrip, true)).toBe(false);
    expect(isSameTaxProfile(record({ ...validW9(), businessName: 'Other' }), roundTrip, true)).toBe(false);
    const unsigned = record({ ...validW9(), certification: { certified: true, signatureName: 'Ada Lovelace' } });
    expect(isSameTaxProfile(unsigned, roundTrip, false)).toBe(true);
  });
});

describe('tax form validity (the payout tax gate)', () => {
  const w8 = { formType: 'w8ben' as const, usPerson: false, signedAt: new Date('2026-02-01T00:00:00Z') };

  it('asks for the form that is missing', () => {
    expect(taxFormProblem('US', null, NOW)).toMatch(/submit a W-9/);
    expect(taxFormProblem('DE', null, NOW)).toMatch(/W-8BEN .*W-8BEN-E/);
  });

  it('lets a W-9 and an unexpired W-8 through', () => {
    expect(taxFormProblem('US', { formType: 'w9', usPerson: true, signedAt: new Date('2010-01-01') }, NOW)).toBeNull();
    expect(taxFormProblem('GB', w8, new Date('2029-12-31T23:59:59Z'))).toBeNull();
  });

  it('stops a W-8 after the third calendar year following its signing, and a W-8 from a US partner', () => {
    expect(taxFormExpiresOn('w8ben', w8.signedAt)).toBe('2029-12-31');
    expect(taxFormProblem('GB', w8, new Date('2030-01-01T00:00:00Z'))).toBe('your W-8BEN expired on 2029-12-31: submit a new one');
    expect(taxFormProblem('US', w8, NOW)).toMatch(/submit a W-9/);
  });
});

describe('tax profile audit summary', () => {
  it('names what changed without names, addresses or TINs', () => {
    const first = record(validW9());
    const roundTrip = storedTaxProfileRecord(stored(first), first.secrets);
    expect(changedTaxProfileFields(record(validW9()), roundTrip)).toEqual([]);
    const moved = record({ ...validW9(), address: { ...validW9().address, line1: '1 Other Street' }, tin: { type: 'ein', value: '98-7654321' } });
    expect(changedTaxProfileFields(moved, roundTrip)).toEqual(['address', 'tin']);
    expect(changedTaxProfileFields(first, null)).toEqual(expect.arrayContaining(['legalName', 'tin', 'address', 'federalTaxClassification']));
    const w8 = record(validW8ben());
    const w8Stored = storedTaxProfileRecord(stored(w8), w8.secrets);
    const w8Moved = record({ ...validW8ben(), foreignTin: 'ZX987654D', usTin: { type: 'itin', value: '912-70-1234' } });
    expect(changedTaxProfileFields(w8Moved, w8Stored)).toEqual(['foreignTin', 'usTin']);
    const ein = record({ ...validW9(), tin: { type: 'ein', value: '12-3456789' } });
    expect(changedTaxProfileFields(ein, storedTaxProfileRecord(stored(first), first.secrets))).toEqual(['tin']);
    const summary = taxProfileAuditSummary(moved);
    expect(summary).toEqual({ formType: 'w9', usPerson: true, country: 'US', tin: '**-***4321', signedAt: '2026-01-15T10:00:00.000Z' });
    expect(JSON.stringify(summary)).not.toMatch(/Ada|Other Street|123456789/);
  });
});

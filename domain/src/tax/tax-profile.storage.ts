import type { PostalAddress } from './tax-form-parts.schema';
import { maskTin, tinLastFour, type TinType } from './tax-identifiers';
import { isUsPersonForm, type TaxFormType, type TaxProfileInput, type TaxProfileView } from './tax-profile.schema';

/**
 * How a tax form maps onto the tax_profiles row: the columns reports query (name, country,
 * address, the main TIN's type and last four), the form's other fields as JSON, and the TINs
 * themselves apart — the caller encrypts those and nothing else ever holds them.
 */

/** Every TIN on a form, in clear: only ever passed to the cipher. */
export interface TaxProfileSecrets {
  tin?: string;
  usTin?: string;
  foreignTin?: string;
}

export interface TaxProfileRecord {
  formType: TaxFormType;
  usPerson: boolean;
  legalName: string;
  businessName: string | null;
  country: string;
  address: PostalAddress;
  tinType: TinType | null;
  tinLast4: string | null;
  fields: Record<string, unknown>;
  signatureName: string;
  signedAt: Date;
  secrets: TaxProfileSecrets;
}

/** The row as stored (Prisma's TaxProfile without the ciphertext). */
export interface StoredTaxProfile {
  partnerId: string;
  formType: TaxFormType;
  usPerson: boolean;
  legalName: string;
  businessName: string | null;
  country: string;
  address: unknown;
  tinType: string | null;
  tinLast4: string | null;
  fields: unknown;
  signatureName: string;
  signedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Splits a validated form into its row; `now` signs it when the form gives no signing time. */
export function toTaxProfileRecord(form: TaxProfileInput, now: Date): TaxProfileRecord {
  const { signatureName, signedAt, capacity } = form.certification;
  const signing = { signatureName, signedAt: signedAt ? new Date(signedAt) : now };
  const certification = capacity ? { capacity } : {};
  if (form.formType === 'w9') {
    const { formType, name, businessName, address, tin, certification: _signed, ...rest } = form;
    return {
      formType,
      usPerson: true,
      legalName: name,
      businessName: businessName ?? null,
      country: address.country,
      address,
      tinType: tin.type,
      tinLast4: tinLastFour(tin.value),
      fields: { ...rest, certification },
      ...signing,
      secrets: { tin: tin.value },
    };
  }
  const { formType, name, permanentResidenceAddress, usTin, foreignTin, certification: _signed, ...rest } = form;
  const main: { type: TinType; value: string } | undefined = foreignTin ? { type: 'foreign', value: foreignTin } : usTin;
  return {
    formType,
    usPerson: isUsPersonForm(formType),
    legalName: name,
    businessName: null,
    country: permanentResidenceAddress.country,
    address: permanentResidenceAddress,
    tinType: main?.type ?? null,
    tinLast4: main ? tinLastFour(main.value) : null,
    fields: {
      ...rest,
      ...(usTin ? { usTin: { type: usTin.type, last4: tinLastFour(usTin.value) } } : {}),
      ...(foreignTin ? { foreignTin: { type: 'foreign', last4: tinLastFour(foreignTin) } } : {}),
      certification,
    },
    ...signing,
    secrets: { ...(usTin ? { usTin: usTin.value } : {}), ...(foreignTin ? { foreignTin } : {}) },
  };
}

/** W-8 forms stay in effect until the last day of the third calendar year after signing (IRS). */
export function taxFormExpiresOn(formType: TaxFormType, signedAt: Date): string | null {
  return isUsPersonForm(formType) ? null : `${signedAt.getUTCFullYear() + 3}-12-31`;
}

type MaskedTin = { type: TinType; masked: string };
const masked = (type: string | null | undefined, last4: string | null | undefined): MaskedTin | null => {
  const text = maskTin(type ?? null, last4 ?? null);
  return text ? { type: (type ?? 'foreign') as TinType, masked: text } : null;
};

/** The API's view: the form rebuilt from the row with TINs masked; nothing secret is readable here. */
export function taxProfileView(row: StoredTaxProfile): TaxProfileView {
  const { certification, usTin, foreignTin, ...fields } = (row.fields ?? {}) as Record<string, unknown> & {
    certification?: { capacity?: string };
    usTin?: { type: string; last4: string };
    foreignTin?: { last4: string };
  };
  const signed = { certified: true, signatureName: row.signatureName, signedAt: row.signedAt.toISOString(), ...certification };
  const form =
    row.formType === 'w9'
      ? { formType: row.formType, name: row.legalName, businessName: row.businessName ?? undefined, ...fields, address: row.address, tin: masked(row.tinType, row.tinLast4), certification: signed }
      : {
          formType: row.formType,
          name: row.legalName,
          ...fields,
          permanentResidenceAddress: row.address,
          usTin: usTin ? masked(usTin.type, usTin.last4) : undefined,
          foreignTin: foreignTin ? masked('foreign', foreignTin.last4) : undefined,
          certification: signed,
        };
  return {
    partnerId: row.partnerId,
    formType: row.formType,
    usPerson: row.usPerson,
    legalName: row.legalName,
    country: row.country,
    tin: masked(row.tinType, row.tinLast4),
    form: JSON.parse(JSON.stringify(form)) as Record<string, unknown>,
    signedAt: row.signedAt.toISOString(),
    expiresOn: taxFormExpiresOn(row.formType, row.signedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A stored row back as a record, with its TINs once the caller has decrypted them. */
export function storedTaxProfileRecord(row: StoredTaxProfile, secrets: TaxProfileSecrets): TaxProfileRecord {
  return {
    formType: row.formType,
    usPerson: row.usPerson,
    legalName: row.legalName,
    businessName: row.businessName,
    country: row.country,
    address: row.address as PostalAddress,
    tinType: row.tinType as TinType | null,
    tinLast4: row.tinLast4,
    fields: (row.fields ?? {}) as Record<string, unknown>,
    signatureName: row.signatureName,
    signedAt: row.signedAt,
    secrets,
  };
}

/** JSON with keys sorted, so two records compare by content whatever order their keys were built in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/**
 * Whether saving `next` would change nothing: the same form and TINs. A resubmission that gives
 * no signing time keeps the first one, so it compares without it.
 */
export function isSameTaxProfile(next: TaxProfileRecord, current: TaxProfileRecord, nextGaveSigningTime: boolean): boolean {
  const comparable = (record: TaxProfileRecord, withSigning: boolean) => ({
    ...record,
    signedAt: withSigning ? record.signedAt.toISOString() : null,
  });
  return canonicalJson(comparable(next, nextGaveSigningTime)) === canonicalJson(comparable(current, nextGaveSigningTime));
}

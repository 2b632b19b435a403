import { taxFormExpiresOn } from './tax-profile.storage';
import type { TaxFormType } from './tax-profile.schema';

/** What the payout run's tax gate needs to know of a partner's tax profile. */
export interface TaxFormOnFile {
  formType: TaxFormType;
  usPerson: boolean;
  signedAt: Date;
}

/** A tax document the partner must provide: which one, and why, in words the partner can act on. */
export interface TaxDocumentRequest {
  /** The form(s) to submit: "a W-9", "a new W-8BEN". */
  document: string;
  /** Why: "no tax form on file: submit a W-9 before you can be paid". */
  problem: string;
}

/**
 * Which tax document a partner must provide before being paid, or null when the form on file
 * allows the payout: a W-9 for US persons, an unexpired W-8BEN / W-8BEN-E otherwise. A partner
 * whose own country is the US but who filed a W-8 is asked for a W-9: a US address is one of the
 * indicia of US status the W-8 alone does not overcome.
 */
export function taxDocumentRequest(partnerCountry: string, form: TaxFormOnFile | null, asOf: Date): TaxDocumentRequest | null {
  const inUs = partnerCountry.toUpperCase() === 'US';
  if (!form) {
    return inUs
      ? { document: 'a W-9', problem: 'no tax form on file: submit a W-9 before you can be paid' }
      : {
          document: 'a W-8BEN (individuals) or W-8BEN-E (entities)',
          problem: 'no tax form on file: submit a W-8BEN (individuals) or W-8BEN-E (entities), or a W-9 if you are a US person',
        };
  }
  if (form.usPerson) return null;
  if (inUs) return { document: 'a W-9', problem: 'your country is the United States but the form on file is a W-8: submit a W-9' };
  const expiresOn = taxFormExpiresOn(form.formType, form.signedAt);
  if (expiresOn && asOf.toISOString().slice(0, 10) > expiresOn) {
    const label = form.formType === 'w8ben' ? 'W-8BEN' : 'W-8BEN-E';
    return { document: `a new ${label}`, problem: `your ${label} expired on ${expiresOn}: submit a new one` };
  }
  return null;
}

/** Why a partner may not be paid yet for tax reasons (the payout run's tax gate), or null. */
export const taxFormProblem = (partnerCountry: string, form: TaxFormOnFile | null, asOf: Date): string | null =>
  taxDocumentRequest(partnerCountry, form, asOf)?.problem ?? null;

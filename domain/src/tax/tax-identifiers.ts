/**
 * Taxpayer identification numbers as the IRS forms collect them: format checks that catch typos
 * and numbers the IRS never issues, normalised storage form, and the masked form that is all an
 * API response or a log may ever show.
 */

export const US_TIN_TYPES = ['ssn', 'itin', 'ein'] as const;
export type UsTinType = (typeof US_TIN_TYPES)[number];
export type TinType = UsTinType | 'foreign';

/** 9 digits, written with or without the usual hyphens (123-45-6789, 12-3456789, 123456789). */
const NINE_DIGITS = /^(?:\d{3}-?\d{2}-?\d{4}|\d{2}-?\d{7})$/;

/**
 * EIN prefixes (the first two digits) the IRS has never assigned: 00, 07–09, 17–19, 28–29, 49,
 * 69–70, 78–79, 89, 96–97. Any other two digits belong to an IRS campus or the internet service.
 */
const UNASSIGNED_EIN_PREFIXES = new Set(['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97']);

/** Middle digits of an ITIN: 50–65, 70–88, 90–92, 94–99 (IRS ITIN ranges). */
function isItinGroup(group: number): boolean {
  return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94;
}

/** Why `value` is not a valid US TIN of `type`, or undefined when it is. */
export function usTinProblem(type: UsTinType, value: string): string | undefined {
  const text = value.trim();
  if (!NINE_DIGITS.test(text)) {
    return type === 'ein' ? 'must be 9 digits, written 12-3456789' : 'must be 9 digits, written 123-45-6789';
  }
  const digits = text.replace(/-/g, '');
  const area = digits.slice(0, 3);
  const group = Number(digits.slice(3, 5));
  const serial = digits.slice(5);
  switch (type) {
    case 'ssn':
      if (area.startsWith('9')) return 'an SSN never starts with 9 (that is an ITIN: choose type "itin")';
      if (area === '000' || area === '666') return `an SSN never starts with ${area}`;
      if (group === 0) return 'an SSN never has 00 as its middle digits';
      if (serial === '0000') return 'an SSN never ends in 0000';
      return undefined;
    case 'itin':
      if (!area.startsWith('9')) return 'an ITIN starts with 9';
      if (!isItinGroup(group)) return 'an ITIN has 50–65, 70–88, 90–92 or 94–99 as its 4th and 5th digits';
      return undefined;
    case 'ein':
      if (UNASSIGNED_EIN_PREFIXES.has(digits.slice(0, 2))) return `no EIN starts with ${digits.slice(0, 2)}`;
      return undefined;
  }
}

/** The 9 digits of a valid US TIN, hyphens removed: what is encrypted and stored. */
export function normaliseUsTin(value: string): string {
  return value.trim().replace(/-/g, '');
}

/** Foreign TINs vary by country: letters, digits and the separators countries print them with. */
const FOREIGN_TIN = /^[A-Za-z0-9][A-Za-z0-9 ./-]{2,38}[A-Za-z0-9]$/;

export function foreignTinProblem(value: string): string | undefined {
  return FOREIGN_TIN.test(value.trim()) ? undefined : 'must be 4–40 letters and digits (spaces, dots, hyphens and slashes allowed inside)';
}

/** Upper-cased, inner whitespace collapsed: the comparable form of a foreign TIN. */
export function normaliseForeignTin(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toUpperCase();
}

/** GIIN: XXXXXX.XXXXX.XX.XXX (FATCA registration; 19 characters with the dots). */
const GIIN = /^[A-Z0-9]{6}\.[A-Z0-9]{5}\.[A-Z]{2}\.\d{3}$/;

export function giinProblem(value: string): string | undefined {
  return GIIN.test(value.trim().toUpperCase()) ? undefined : 'must be a GIIN written XXXXXX.XXXXX.XX.XXX (e.g. 98Q96B.00000.LE.250)';
}

/** The last four characters: the only part of a TIN kept in clear. */
export function tinLastFour(normalised: string): string {
  return normalised.replace(/[^A-Za-z0-9]/g, '').slice(-4);
}

/** How a TIN is shown: `***-**-1234` (SSN, ITIN), `**-***1234` (EIN), `****1234` (foreign). */
export function maskTin(type: TinType | string | null, lastFour: string | null): string | null {
  if (!lastFour) return null;
  switch (type) {
    case 'ssn':
    case 'itin':
      return `***-**-${lastFour}`;
    case 'ein':
      return `**-***${lastFour}`;
    default:
      return `****${lastFour}`;
  }
}

/** A full US TIN written the way forms print it (123-45-6789, 12-3456789): for the filing CSV only. */
export function formatUsTin(type: TinType | string | null, digits: string): string {
  if (!/^\d{9}$/.test(digits)) return digits;
  return type === 'ein' ? `${digits.slice(0, 2)}-${digits.slice(2)}` : `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

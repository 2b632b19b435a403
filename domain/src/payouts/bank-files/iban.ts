/**
 * IBAN checks (ISO 13616): the country's registered length, then the mod-97 check digits. A typo in
 * one character always fails mod 97, so finance never uploads a bank file that pays a stranger.
 */

/** Lengths from the SWIFT IBAN registry; an IBAN from a country not listed here is refused. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
  MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

/**
 * Countries whose banks take SEPA credit transfers (EU, EEA, and CH, GB, GI, MC, SM, VA, AD). A EUR payout to an
 * IBAN elsewhere cannot go into a SEPA file: it goes into the CSV batch for an international transfer instead.
 */
const SEPA_COUNTRIES = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'CH', 'GB', 'GI', 'MC', 'SM', 'VA', 'AD',
]);

/** Upper case without the spaces people type in groups of four ("de89 3704 …" → "DE893704…"). */
export function normalizeIban(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** Why `input` is not a valid IBAN, or undefined when it is (after normalizeIban). */
export function ibanProblem(input: string): string | undefined {
  const iban = normalizeIban(input);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return 'must be an IBAN: two letters, two check digits, then letters and digits';
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected === undefined) return `${iban.slice(0, 2)} is not a country that uses IBANs`;
  if (iban.length !== expected) return `a ${iban.slice(0, 2)} IBAN has ${expected} characters, not ${iban.length}`;
  if (ibanRemainder(iban) !== 1) return 'the check digits do not match: a character is mistyped';
  return undefined;
}

export function isValidIban(input: string): boolean {
  return ibanProblem(input) === undefined;
}

export function ibanCountry(iban: string): string {
  return normalizeIban(iban).slice(0, 2);
}

export function isSepaCountry(country: string): boolean {
  return SEPA_COUNTRIES.has(country.toUpperCase());
}

/** The country and check digits moved to the end, letters as 10..35, then mod 97 digit by digit (no bigint needed). */
function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : Number(char);
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder;
}

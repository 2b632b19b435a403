/**
 * The SEPA character set (EPC implementation guidelines): a-z A-Z 0-9 / - ? : ( ) . , ' + and space. Banks
 * refuse or garble anything else, so names are transliterated ("Müller" → "Muller") instead of sent as they are.
 */
const SEPA_CHARACTERS = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'TH', ð: 'd', Ð: 'D', '&': '+',
};

/** Free text (names, remittance) in the SEPA character set, at most `maxLength` characters. */
export function toSepaText(input: string, maxLength: number): string {
  const transliterated = input
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, (char) => TRANSLITERATIONS[char] ?? ' ');
  return transliterated.replace(/\s+/g, ' ').trim().slice(0, maxLength).trim();
}

/**
 * An id as a SEPA reference (MsgId, EndToEndId: Max35Text in the SEPA set, no leading/trailing or double "/").
 * Partnerflow ids are lower-case letters, digits and one "_", which SEPA lacks: "_" becomes "-", which no id
 * contains, so the payout id is recovered exactly from a bank statement ("pay-01…" → "pay_01…").
 */
export function toSepaIdentifier(id: string): string {
  const reference = id.replace(/_/g, '-');
  if (reference.length === 0 || reference.length > 35) throw new Error(`"${id}" does not fit a 35-character SEPA reference`);
  if (!SEPA_CHARACTERS.test(reference) || reference.startsWith('/') || reference.endsWith('/') || reference.includes('//')) {
    throw new Error(`"${id}" has characters a SEPA reference cannot carry`);
  }
  return reference;
}

/** The Partnerflow id behind a SEPA reference made by toSepaIdentifier. */
export function fromSepaIdentifier(reference: string): string {
  return reference.replace(/-/g, '_');
}

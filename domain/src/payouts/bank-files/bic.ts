/**
 * BIC (ISO 9362): 4 institution, 2 country letters, 2 location, optional 3 branch — the pattern the pain.001.001.09
 * schema (BICFIDec2014Identifier) enforces, so a BIC that passes here passes the bank's schema validation.
 */
const BIC_PATTERN = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

export function normalizeBic(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** Why `input` is not a BIC, or undefined when it is (after normalizeBic). */
export function bicProblem(input: string): string | undefined {
  const bic = normalizeBic(input);
  if (bic.length !== 8 && bic.length !== 11) return `a BIC has 8 or 11 characters, not ${bic.length}`;
  if (!BIC_PATTERN.test(bic)) return 'must be a BIC: 4 letters or digits, a 2-letter country, 2 for the location, optionally 3 for the branch';
  return undefined;
}

export function isValidBic(input: string): boolean {
  return bicProblem(input) === undefined;
}

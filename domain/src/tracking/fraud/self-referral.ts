/**
 * Self-referral: a partner buying through their own link to earn commission on their own
 * purchase. Seen as the customer's email being the partner's, or the customer arriving from an IP
 * the partner has used (compared as salted hashes, so raw addresses need not be kept).
 */

/** Mailboxes that ignore dots in the local part, under either of Google's domains. */
const DOT_BLIND_DOMAINS: Readonly<Record<string, string>> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * One spelling per mailbox: trimmed, lower-cased, "+tag" sub-addressing dropped, and for Gmail
 * the dots dropped and googlemail.com read as gmail.com. Undefined for text that is not an address.
 */
export function normaliseEmail(email: string): string | undefined {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  let local = lower.slice(0, at).split('+')[0];
  let domain = lower.slice(at + 1);
  if (at < 0 || domain === '') return undefined;
  const dotBlind = DOT_BLIND_DOMAINS[domain];
  if (dotBlind) {
    local = local.replaceAll('.', '');
    domain = dotBlind;
  }
  return local === '' ? undefined : `${local}@${domain}`;
}

export function isSameMailbox(first: string, second: string): boolean {
  const normalised = normaliseEmail(first);
  return normalised !== undefined && normalised === normaliseEmail(second);
}

export type SelfReferralMatch = 'email' | 'ip' | 'email and ip';

/** How the customer matches the partner, or undefined when they do not. */
export function matchSelfReferral(
  customer: { email?: string; ipHash?: string },
  partner: { email: string; knownIpHashes: readonly string[] },
): SelfReferralMatch | undefined {
  const byEmail = customer.email !== undefined && isSameMailbox(customer.email, partner.email);
  const byIp = customer.ipHash !== undefined && customer.ipHash !== '' && partner.knownIpHashes.includes(customer.ipHash);
  if (byEmail && byIp) return 'email and ip';
  if (byEmail) return 'email';
  return byIp ? 'ip' : undefined;
}

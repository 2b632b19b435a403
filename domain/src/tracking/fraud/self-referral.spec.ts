import fc from 'fast-check';
import { isSameMailbox, matchSelfReferral, normaliseEmail } from './self-referral';

describe('normaliseEmail', () => {
  it.each([
    [' Ann.Lee+promo@Example.com ', 'ann.lee@example.com'],
    ['ann.lee+a+b@example.com', 'ann.lee@example.com'],
    ['A.n.N+x@GoogleMail.com', 'ann@gmail.com'],
    ['ann.lee@gmail.com', 'annlee@gmail.com'],
    ['weird@name@example.com', 'weird@name@example.com'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each(['', 'no-at-sign', 'ann@', '+tag@example.com', '@example.com'])('%j is not an address', (input) => {
    expect(normaliseEmail(input)).toBeUndefined();
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const once = normaliseEmail(email);
        if (once !== undefined) expect(normaliseEmail(once)).toBe(once);
      }),
    );
  });

  it('keeps dots outside Gmail, where they can name another mailbox', () => {
    expect(isSameMailbox('ann.lee@example.com', 'annlee@example.com')).toBe(false);
    expect(isSameMailbox('ann.lee@googlemail.com', 'annlee+x@gmail.com')).toBe(true);
  });
});

describe('matchSelfReferral', () => {
  const partner = { email: 'ann.lee@gmail.com', knownIpHashes: ['hash-a', 'hash-b'] };

  it('matches on email, IP hash or both', () => {
    expect(matchSelfReferral({ email: 'AnnLee+deal@gmail.com' }, partner)).toBe('email');
    expect(matchSelfReferral({ ipHash: 'hash-b' }, partner)).toBe('ip');
    expect(matchSelfReferral({ email: 'ann.lee@gmail.com', ipHash: 'hash-a' }, partner)).toBe('email and ip');
  });

  it('does not match a different customer, or blanks on both sides', () => {
    expect(matchSelfReferral({ email: 'bob@gmail.com', ipHash: 'hash-c' }, partner)).toBeUndefined();
    expect(matchSelfReferral({}, partner)).toBeUndefined();
    expect(matchSelfReferral({ email: '', ipHash: '' }, { email: '', knownIpHashes: [''] })).toBeUndefined();
  });
});

import fc from 'fast-check';
import { DomainError } from '../../errors';
import { formatIp, parseIp, parseIpv6 } from './ip-address';
import { findIpRange, ipRangeProblem, isIpInRanges, parseIpRanges } from './ip-range';

describe('IP addresses', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['2001:db8::ff00:42:8329', 0x20010db8000000000000ff0000428329n],
    ['2001:0DB8:0000:0000:0000:FF00:0042:8329', 0x20010db8000000000000ff0000428329n],
    ['::ffff:192.0.2.1', 0xffffc0000201n],
    ['64:ff9b::192.0.2.1', 0x0064ff9b0000000000000000c0000201n],
    ['1:2:3:4:5:6:7::', 0x00010002000300040005000600070000n],
  ])('reads %s', (text, value) => {
    expect(parseIpv6(text)).toBe(value);
  });

  it.each([
    '', 'localhost', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', ' 1 .2.3.4',
    '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '1::2::3', ':::', '1:::2', ':1::', '1::2:', '12345::',
    'g::1', 'fe80::1%eth0', '::ffff:1.2.3', '::1.2.3.4.5', '1:2:3:4:5:6:7:1.2.3.4', '[::1]',
  ])('refuses %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('stores IPv4 and its mapped IPv6 form as the same number', () => {
    expect(parseIp('203.0.113.9')?.value).toBe(parseIp('::ffff:203.0.113.9')?.value);
    expect(parseIp('203.0.113.9')?.value).toBe(parseIp('::FFFF:cb00:7109')?.value);
  });

  it('formats canonically (RFC 5952)', () => {
    const text = (input: string) => formatIp(parseIp(input)!);
    expect(text('2001:0db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(text('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(text('::ffff:10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(text('10.0.0.1')).toBe('10.0.0.1');
    expect(text('::')).toBe('::');
  });

  it('formats like the WHATWG URL parser and reads its own output back (property)', () => {
    // Zero groups are drawn often so that runs of them (and ties between runs) get exercised.
    const group = fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 0xffffn }));
    const address = fc.array(group, { minLength: 8, maxLength: 8 }).map((groups) => groups.reduce((value, g) => (value << 16n) | g, 0n));
    fc.assert(
      fc.property(address, (value) => {
        const text = formatIp({ value, writtenAsIpv4: false });
        expect(parseIp(text)?.value).toBe(value);
        // URL shows a mapped address in hex rather than dotted, so compare the others only.
        if (value >> 32n !== 0xffffn) expect(`[${text}]`).toBe(new URL(`http://[${text}]/`).hostname);
      }),
    );
  });
});

describe('IP ranges', () => {
  const ranges = parseIpRanges(['203.0.113.0/24', '198.51.100.7', '2001:db8::/32', '10.0.0.0/8']);

  it.each([
    ['203.0.113.0', '203.0.113.0/24'],
    ['203.0.113.255', '203.0.113.0/24'],
    ['::ffff:203.0.113.9', '203.0.113.0/24'],
    ['198.51.100.7', '198.51.100.7'],
    ['2001:db8:ffff::1', '2001:db8::/32'],
    ['10.255.255.255', '10.0.0.0/8'],
  ])('%s is in %s', (ip, cidr) => {
    expect(findIpRange(ip, ranges)?.cidr).toBe(cidr);
  });

  it.each(['203.0.112.255', '203.0.114.0', '198.51.100.8', '2001:db9::', '11.0.0.0', '::203.0.113.9', 'not an ip', ''])(
    '%j is in none',
    (ip) => {
      expect(isIpInRanges(ip, ranges)).toBe(false);
    },
  );

  it('/0 covers its whole family; /32 and /128 a single address', () => {
    const everyIpv4 = parseIpRanges(['0.0.0.0/0']);
    expect(isIpInRanges('255.255.255.255', everyIpv4)).toBe(true);
    expect(isIpInRanges('::ffff:1.2.3.4', everyIpv4)).toBe(true);
    expect(isIpInRanges('2001:db8::1', everyIpv4)).toBe(false);
    expect(isIpInRanges('2001:db8::1', parseIpRanges(['::/0']))).toBe(true);
    expect(isIpInRanges('192.0.2.1', parseIpRanges(['192.0.2.1/32']))).toBe(true);
    expect(isIpInRanges('192.0.2.2', parseIpRanges(['192.0.2.1/32']))).toBe(false);
    expect(isIpInRanges('2001:db8::1', parseIpRanges(['2001:db8::1/128']))).toBe(true);
    expect(isIpInRanges('2001:db8::2', parseIpRanges(['2001:db8::1/128']))).toBe(false);
    expect(isIpInRanges('192.0.2.1', parseIpRanges(['::ffff:192.0.2.0/120']))).toBe(true);
  });

  it.each([
    ['10.0.0.1/8', 'has bits set after the first 8: did you mean "10.0.0.0/8"?'],
    ['2001:db8::1/32', 'did you mean "2001:db8::/32"?'],
    ['::ffff:192.0.2.1/120', 'did you mean "::ffff:192.0.2.0/120"?'],
    ['10.0.0.0/33', 'needs a prefix length from 0 to 32'],
    ['::/129', 'needs a prefix length from 0 to 128'],
    ['10.0.0.0/', 'needs a prefix length'],
    ['10.0.0.0/8/8', 'is not a CIDR range'],
    ['10.0.0.0/-1', 'needs a prefix length'],
    ['example.com/24', 'is not a CIDR range such as "203.0.113.0/24"'],
  ])('explains why %j is unusable', (cidr, problem) => {
    expect(ipRangeProblem(cidr)).toContain(problem);
  });

  it('parseIpRanges names every bad entry by its index', () => {
    expect(() => parseIpRanges(['10.0.0.0/8', 'nope', '1.2.3.4/40'])).toThrow(DomainError);
    try {
      parseIpRanges(['10.0.0.0/8', 'nope', '1.2.3.4/40']);
    } catch (error) {
      expect((error as DomainError).details.map((detail) => detail.path)).toEqual(['1', '2']);
    }
  });

  it('every IPv4 address lies in each of its own networks, in both notations (property)', () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    fc.assert(
      fc.property(ipv4, fc.integer({ min: 0, max: 32 }), (octets, prefix) => {
        const address = octets.join('.');
        const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
        const network = prefix === 0 ? 0 : (value >>> (32 - prefix)) * 2 ** (32 - prefix);
        const networkText = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
        const range = parseIpRanges([`${networkText}/${prefix}`]);
        expect(isIpInRanges(address, range)).toBe(true);
        expect(isIpInRanges(`::ffff:${address}`, range)).toBe(true);
      }),
    );
  });
});

import { IPV4_MAPPED_BASE, parseIp } from '../tracking/fraud/ip-address';
import { parseIpRanges, type IpRange } from '../tracking/fraud/ip-range';

/**
 * Where a webhook may be sent: not into the networks around the worker (SSRF). An operator who
 * registers `http://169.254.169.254/…` or a host name resolving to 10.0.0.5 would otherwise make
 * the worker POST to the cloud metadata service or an internal admin port. Pure: the api checks a
 * URL when it is saved, the delivery activity checks the addresses it resolved before connecting.
 */
export type IpAddressKind = 'public' | 'unspecified' | 'loopback' | 'private' | 'shared' | 'link-local' | 'multicast' | 'reserved';

/** In words, for refusals: "127.0.0.1 is a loopback address". */
const KIND_NAMES: Record<Exclude<IpAddressKind, 'public'>, string> = {
  unspecified: 'an unspecified ("this host") address',
  loopback: 'a loopback address',
  private: 'a private network address',
  shared: 'a carrier-grade NAT (shared) address',
  'link-local': 'a link-local address (cloud metadata services live there)',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/**
 * First match wins. IPv4 ranges also hold the IPv4-mapped IPv6 forms (::ffff:127.0.0.1), since
 * ip-address.ts keeps IPv4 inside ::ffff:0:0/96.
 */
const INTERNAL_RANGES: { kind: Exclude<IpAddressKind, 'public'>; ranges: IpRange[] }[] = (
  [
    ['unspecified', ['0.0.0.0/8', '::/128']],
    ['loopback', ['127.0.0.0/8', '::1/128']],
    ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10', '64:ff9b:1::/48']],
    ['shared', ['100.64.0.0/10']],
    ['link-local', ['169.254.0.0/16', 'fe80::/10']],
    ['multicast', ['224.0.0.0/4', 'ff00::/8']],
    // IETF protocol assignments, benchmarking, the old class E (with broadcast), IPv4-compatible
    // IPv6 (deprecated) and the IPv6 discard prefix: nothing a receiver is reachable at.
    ['reserved', ['192.0.0.0/24', '198.18.0.0/15', '240.0.0.0/4', '::/96', '100::/64']],
  ] as const
).map(([kind, cidrs]) => ({ kind, ranges: parseIpRanges(cidrs) }));

/** IPv6 prefixes that carry an IPv4 address a gateway forwards to: NAT64 (low 32 bits) and 6to4 (bits 16–47). */
const NAT64 = parseIpRanges(['64:ff9b::/96']);
const SIX_TO_FOUR = parseIpRanges(['2002::/16']);

const inside = (value: bigint, ranges: IpRange[]) => ranges.some((range) => range.first <= value && value <= range.last);

function embeddedIpv4(value: bigint): bigint | undefined {
  if (inside(value, NAT64)) return IPV4_MAPPED_BASE | (value & 0xffffffffn);
  if (inside(value, SIX_TO_FOUR)) return IPV4_MAPPED_BASE | ((value >> 80n) & 0xffffffffn);
  return undefined;
}

function kindOfValue(value: bigint): IpAddressKind {
  const internal = INTERNAL_RANGES.find(({ ranges }) => inside(value, ranges));
  if (internal) return internal.kind;
  const ipv4 = embeddedIpv4(value);
  return ipv4 === undefined ? 'public' : kindOfValue(ipv4);
}

/**
 * What kind of address `ip` is: dotted IPv4 or IPv6 text, brackets allowed (as a URL's hostname
 * has them). Undefined when it is not an IP address (a host name). Forms such as 2130706433 or
 * 0x7f.1 are not addresses here: the URL parser has already turned them into 127.0.0.1.
 */
export function classifyIpAddress(ip: string): IpAddressKind | undefined {
  const address = parseIp(ip.replace(/^\[(.*)\]$/, '$1'));
  return address ? kindOfValue(address.value) : undefined;
}

/** "127.0.0.1 is a loopback address"; undefined for a public address or a host name. */
export function internalAddressProblem(ip: string): string | undefined {
  const kind = classifyIpAddress(ip);
  return kind === undefined || kind === 'public' ? undefined : `${ip} is ${KIND_NAMES[kind]}`;
}

/**
 * The host of an http(s) URL as the WHATWG parser normalises it — `http://2130706433/`,
 * `http://0x7f.1/` and `http://127.1/` all have the host 127.0.0.1, IPv6 loses its brackets —
 * and whether it is a literal address (no DNS involved).
 */
export function webhookUrlHost(url: string): { host: string; literalAddress: boolean } {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, literalAddress: classifyIpAddress(host) !== undefined };
}

/**
 * Why nothing is sent to a URL whose host is an internal address, or resolves only to such
 * addresses (`addresses`); the operator setting is named so the way out is findable.
 */
export function webhookDestinationRefusal(destination: { host: string; literalAddress: boolean }, addresses: string[]): string {
  const problems = addresses.map((address) => internalAddressProblem(address) ?? address);
  const where = destination.literalAddress ? problems.join('; ') : `${destination.host} resolves only to internal addresses (${problems.join('; ')})`;
  return `${where}: webhooks are not sent to internal networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS is false)`;
}

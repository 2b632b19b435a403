/**
 * IP address text ↔ number, without Node's `net` (domain code runs in the workflow sandbox).
 * Every address lives in one 128-bit space: IPv4 a.b.c.d is stored as its IPv4-mapped IPv6 form
 * ::ffff:a.b.c.d, so a client seen as "::ffff:203.0.113.9" by a dual-stack server is the same
 * address as "203.0.113.9" and matches the same ranges.
 */

export interface IpAddress {
  /** The address as a 128-bit number (IPv4 mapped into ::ffff:0:0/96). */
  value: bigint;
  /** Written in IPv4 dotted form: its prefix lengths count 32 bits, not 128. */
  writtenAsIpv4: boolean;
}

export const IPV4_MAPPED_BASE = 0xffffn << 32n;

const DECIMAL_OCTET = /^(0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** Dotted quad "a.b.c.d" as a 32-bit number; leading zeros are refused (they read as octal elsewhere). */
export function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => DECIMAL_OCTET.test(octet) && Number(octet) <= 255)) {
    return undefined;
  }
  return octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}

/** RFC 4291 text: eight hex groups, one "::" for a run of zero groups, an optional dotted IPv4 tail. */
export function parseIpv6(text: string): bigint | undefined {
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  let hexText = text;
  const lastPart = text.slice(lastColon + 1);
  if (lastPart.includes('.')) {
    const ipv4 = parseIpv4(lastPart);
    if (ipv4 === undefined) return undefined;
    hexText = `${text.slice(0, lastColon + 1)}${(ipv4 >> 16n).toString(16)}:${(ipv4 & 0xffffn).toString(16)}`;
  }
  const written = hexText.split('::').map((half) => (half === '' ? [] : half.split(':')));
  if (written.length > 2) return undefined;
  let groups = written[0];
  if (written.length === 2) {
    const [head, tail] = written;
    // "::" stands for at least one zero group, so with it at most seven groups are written.
    if (head.length + tail.length > 7) return undefined;
    groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  }
  if (groups.length !== 8 || !groups.every((group) => HEX_GROUP.test(group))) return undefined;
  return groups.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n);
}

/** Either notation; undefined for anything else (zone ids like "%eth0" included). */
export function parseIp(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  const ipv4 = parseIpv4(trimmed);
  if (ipv4 !== undefined) return { value: IPV4_MAPPED_BASE | ipv4, writtenAsIpv4: true };
  const ipv6 = parseIpv6(trimmed);
  return ipv6 === undefined ? undefined : { value: ipv6, writtenAsIpv4: false };
}

/**
 * Text for an address: dotted IPv4 when asked for the IPv4 form, otherwise RFC 5952 (lower-case
 * hex, the longest run of zero groups as "::", a mapped IPv4 address as "::ffff:a.b.c.d").
 */
export function formatIp(address: IpAddress): string {
  const { value, writtenAsIpv4 } = address;
  const dotted = [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
  if (writtenAsIpv4) return dotted;
  if (value >> 32n === 0xffffn) return `::ffff:${dotted}`;
  const groups = Array.from({ length: 8 }, (_, index) => (value >> BigInt(112 - 16 * index)) & 0xffffn);
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0n) length++;
    if (length > best.length) best = { start, length };
  }
  const hex = groups.map((group) => group.toString(16));
  // A lone zero group stays "0": "::" replaces runs of two or more.
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

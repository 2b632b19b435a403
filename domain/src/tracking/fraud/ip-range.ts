import { DomainError, ErrorCode } from '../../errors';
import { formatIp, parseIp } from './ip-address';

/**
 * CIDR ranges ("203.0.113.0/24", "2001:db8::/32") an operator lists as data-centre or anonymising
 * networks. IPv4 ranges live in the IPv4-mapped part of the 128-bit space (see ip-address.ts), so
 * they match both "203.0.113.9" and "::ffff:203.0.113.9"; "0.0.0.0/0" is every IPv4 address,
 * while "::/0" is every address at all. A bare address is a range of one.
 */
export interface IpRange {
  /** As the operator wrote it (trimmed): shown as evidence on a flag. */
  cidr: string;
  first: bigint;
  last: bigint;
}

type RangeReading = { ok: true; range: IpRange } | { ok: false; problem: string };

function readIpRange(input: string): RangeReading {
  const cidr = input.trim();
  const [addressText, prefixText, ...extra] = cidr.split('/');
  const address = parseIp(addressText);
  if (extra.length > 0 || !address) {
    return { ok: false, problem: `"${cidr}" is not a CIDR range such as "203.0.113.0/24" or "2001:db8::/32"` };
  }
  const maxPrefix = address.writtenAsIpv4 ? 32 : 128;
  if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix)) {
    return { ok: false, problem: `"${cidr}" needs a prefix length from 0 to ${maxPrefix} after the "/"` };
  }
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  // An IPv4 range's host bits are the low bits of its mapped form too, so one mask serves both.
  const hostMask = (1n << BigInt(maxPrefix - prefix)) - 1n;
  const first = address.value & ~hostMask;
  // A set host bit is usually a typo for a single address or a different prefix; guessing could list a whole network.
  if (first !== address.value) {
    const network = formatIp({ ...address, value: first });
    return { ok: false, problem: `"${cidr}" has bits set after the first ${prefix}: did you mean "${network}/${prefix}"?` };
  }
  return { ok: true, range: { cidr, first, last: first | hostMask } };
}

/** Why a CIDR range is unusable, or undefined when it is fine (for zod refinements). */
export function ipRangeProblem(cidr: string): string | undefined {
  const reading = readIpRange(cidr);
  return reading.ok ? undefined : reading.problem;
}

/** Parses every range, or throws VALIDATION_FAILED naming each bad entry by its index. */
export function parseIpRanges(cidrs: readonly string[]): IpRange[] {
  const readings = cidrs.map(readIpRange);
  const problems = readings.flatMap((reading, index) => (reading.ok ? [] : [{ path: String(index), message: reading.problem }]));
  if (problems.length > 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `invalid IP ranges: ${problems.map((p) => p.message).join('; ')}`, problems);
  }
  return readings.flatMap((reading) => (reading.ok ? [reading.range] : []));
}

/** The first range holding `ip`; undefined when none does or `ip` is not an address. */
export function findIpRange(ip: string, ranges: readonly IpRange[]): IpRange | undefined {
  const address = parseIp(ip);
  if (!address) return undefined;
  return ranges.find((range) => range.first <= address.value && address.value <= range.last);
}

export function isIpInRanges(ip: string, ranges: readonly IpRange[]): boolean {
  return findIpRange(ip, ranges) !== undefined;
}

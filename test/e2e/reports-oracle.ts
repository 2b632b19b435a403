import type { PrismaClient } from '@partnerflow/db';

/**
 * The raw rows a program's reports are computed from, read back as plain objects, and the plain
 * TypeScript arithmetic the expected figures are computed with — written apart from the api's SQL
 * and its domain helpers, so that the two can only agree by both being right.
 */

export const DAY_MS = 86_400_000;
export const REVENUE_TYPES = ['sale', 'deposit', 'renewal', 'trade'];
export const REVERSAL_TYPES = ['refund', 'chargeback'];

export interface Conv {
  id: string;
  type: string;
  at: Date;
  amount: bigint | null;
  currency: string | null;
  customerId: string | null;
  refersToId: string | null;
  outcome: string;
  candidates: { partnerId: string; counted: boolean }[];
  shares: { partnerId: string; touchKind: string; amount: bigint | null }[];
}

export interface World {
  currency: string;
  from: Date;
  to: Date;
  asOf: Date;
  partners: Map<string, { name: string; type: string; country: string }>;
  approvals: Map<string, Date>;
  stages: { partnerId: string; at: Date; stage: string }[];
  clicks: { id: string; at: Date; partnerId: string; creditable: boolean }[];
  conversions: Conv[];
  commissions: { id: string; partnerId: string; conversionId: string; currency: string }[];
  entries: { id: string; commissionId: string | null; kind: string; account: string; amount: bigint }[];
  payouts: Map<string, { status: string; paidAt: Date | null; currency: string }>;
  items: { payoutId: string; ledgerEntryId: string; amount: bigint }[];
}

export async function loadWorld(prisma: PrismaClient, programId: string, range: { from: Date; to: Date; asOf: Date; currency: string }): Promise<World> {
  const partners = await prisma.partner.findMany({ where: { programId } });
  const audit = await prisma.auditEntry.findMany({ where: { action: 'partner.stage_changed', targetId: { in: partners.map((p) => p.id) } } });
  const stages = audit.map((a) => ({ partnerId: a.targetId, at: a.at, stage: (a.after as { stage: string }).stage }));
  const approvals = new Map<string, Date>();
  for (const s of stages.filter((s) => s.stage === 'ACTIVE')) {
    const seen = approvals.get(s.partnerId);
    if (!seen || s.at < seen) approvals.set(s.partnerId, s.at);
  }
  const conversions = await prisma.conversion.findMany({ where: { programId }, include: { shares: true } });
  const payouts = await prisma.payout.findMany({ where: { programId } });
  return {
    ...range,
    partners: new Map(partners.map((p) => [p.id, { name: p.name, type: p.type, country: p.country }])),
    approvals,
    stages,
    clicks: (await prisma.click.findMany({ where: { programId } })).map((c) => ({ id: c.id, at: c.at, partnerId: c.partnerId, creditable: c.creditable })),
    conversions: conversions.map((c) => ({
      id: c.id, type: c.type, at: c.occurredAt, amount: c.amountMinor, currency: c.currency, customerId: c.customerId, refersToId: c.refersToId, outcome: c.attributionOutcome,
      candidates: ((c.attribution as { candidates?: { partnerId: string; counted: boolean }[] }).candidates ?? []).map((t) => ({ partnerId: t.partnerId, counted: t.counted })),
      shares: c.shares.map((s) => ({ partnerId: s.partnerId, touchKind: s.touchKind, amount: s.amountMinor })),
    })),
    commissions: (await prisma.commission.findMany({ where: { programId } })).map((c) => ({ id: c.id, partnerId: c.partnerId, conversionId: c.conversionId, currency: c.currency })),
    entries: (await prisma.ledgerEntry.findMany({ where: { programId } })).map((e) => ({ id: e.id, commissionId: e.commissionId, kind: e.kind, account: e.account, amount: e.amountMinor })),
    payouts: new Map(payouts.map((p) => [p.id, { status: p.status, paidAt: p.paidAt, currency: p.currency }])),
    items: (await prisma.payoutItem.findMany({ where: { payoutId: { in: payouts.map((p) => p.id) } } })).map((i) => ({ payoutId: i.payoutId, ledgerEntryId: i.ledgerEntryId, amount: i.amountMinor })),
  };
}

export type Grouping = 'day' | 'week' | 'month' | 'partner' | 'partner_type' | 'country';
export const isPeriod = (g: Grouping) => g === 'day' || g === 'week' || g === 'month';

function mondayOf(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() - 1);
  return day;
}

export function keyOf(world: World, grouping: Grouping, at: Date, partnerId: string): string {
  if (grouping === 'day') return at.toISOString().slice(0, 10);
  if (grouping === 'week') return mondayOf(at).toISOString().slice(0, 10);
  if (grouping === 'month') return at.toISOString().slice(0, 7);
  if (grouping === 'partner') return partnerId;
  const partner = world.partners.get(partnerId)!;
  return grouping === 'partner_type' ? partner.type : partner.country;
}

/** Every period of [from, to) with its clipped bounds, stepping day by day. */
export function periodsOf(world: World, grouping: Grouping): { group: string; start: Date; end: Date }[] {
  const periods: { group: string; start: Date; end: Date }[] = [];
  for (let t = Date.UTC(world.from.getUTCFullYear(), world.from.getUTCMonth(), world.from.getUTCDate()); t < world.to.getTime(); t += DAY_MS) {
    const key = keyOf(world, grouping, new Date(t), '');
    const last = periods[periods.length - 1];
    if (last?.group === key) last.end = new Date(Math.min(t + DAY_MS, world.to.getTime()));
    else periods.push({ group: key, start: new Date(Math.max(t, world.from.getTime())), end: new Date(Math.min(t + DAY_MS, world.to.getTime())) });
  }
  return periods;
}

export const inRange = (world: World, at: Date) => at >= world.from && at < world.to;

/** Exact decimal money text in a 2-decimal currency. */
export function money(world: World, minor: bigint | null) {
  if (minor === null) return null;
  const digits = (minor < 0n ? -minor : minor).toString().padStart(3, '0');
  return { amount: `${minor < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`, currency: world.currency };
}

function divideHalfUp(n: bigint, d: bigint): bigint {
  const negative = (n < 0n) !== (d < 0n);
  const [a, b] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const q = a / b + ((a % b) * 2n >= b ? 1n : 0n);
  return negative ? -q : q;
}

export const ratio = (n: bigint | number, d: bigint | number, places = 4): number | null =>
  BigInt(d) === 0n ? null : Number(divideHalfUp(BigInt(n) * 10n ** BigInt(places), BigInt(d))) / 10 ** places;
export const average = (total: bigint, count: bigint | number): bigint | null => (BigInt(count) === 0n ? null : divideHalfUp(total, BigInt(count)));

/** Median, mean and max of millisecond durations, in days to 2 places. */
export function dayStats(ms: number[]): { median: number | null; mean: number | null; max: number | null } {
  if (ms.length === 0) return { median: null, mean: null, max: null };
  const sorted = ms.map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  const twiceMedian = sorted.length % 2 === 1 ? sorted[mid] * 2n : sorted[mid - 1] + sorted[mid];
  const days = (n: bigint, d: bigint) => Number(divideHalfUp(n * 100n, d * BigInt(DAY_MS))) / 100;
  return { median: days(twiceMedian, 2n), mean: days(sorted.reduce((a, b) => a + b, 0n), BigInt(sorted.length)), max: days(sorted[sorted.length - 1], 1n) };
}

/** Rows as the api lays them out: every period in order, or the groups found sorted by key (partners with their names). */
export function table<T>(world: World, grouping: Grouping, groups: Map<string, T>, total: T | undefined, figures: (x: T | undefined) => Record<string, unknown>) {
  const rows = isPeriod(grouping)
    ? periodsOf(world, grouping).map((p) => ({ group: p.group, start: p.start.toISOString(), end: p.end.toISOString(), ...figures(groups.get(p.group)) }))
    : [...groups.keys()].sort().map((key) => ({ group: key, label: grouping === 'partner' ? world.partners.get(key)!.name : key, ...figures(groups.get(key)) }));
  const head = isPeriod(grouping) ? { group: 'total', start: world.from.toISOString(), end: world.to.toISOString() } : { group: 'total', label: 'all' };
  return { rows, totals: { ...head, ...figures(total) } };
}

/** Adds `item` to the accumulator of its group and to the total. */
export function accumulate<T>(groups: Map<string, T>, total: T, key: string, make: () => T, add: (acc: T) => void) {
  if (!groups.has(key)) groups.set(key, make());
  add(groups.get(key)!);
  add(total);
}

/** Shared definitions the expectations are built from: revenue events, referrals and customers as the reports define them. */
export const customerOf = (c: Conv) => (c.customerId ? `customer:${c.customerId}` : `conversion:${c.id}`);
export const byId = (world: World) => new Map(world.conversions.map((c) => [c.id, c]));

export function revenueEvents(world: World) {
  const conversions = byId(world);
  return world.conversions.flatMap((c) => {
    if (c.currency !== world.currency || c.amount === null || !inRange(world, c.at)) return [];
    const original = c.refersToId ? conversions.get(c.refersToId) : undefined;
    const revenue = REVENUE_TYPES.includes(c.type);
    if (!revenue && !(REVERSAL_TYPES.includes(c.type) && original && REVENUE_TYPES.includes(original.type))) return [];
    return c.shares.filter((s) => s.amount !== null).map((s) => ({ id: c.id, revenue, at: c.at, partnerId: s.partnerId, amount: s.amount! }));
  });
}

export function referrals(world: World) {
  return world.conversions
    .filter((c) => c.outcome === 'attributed' && !REVERSAL_TYPES.includes(c.type) && c.at < world.to)
    .flatMap((c) => [...new Set(c.shares.map((s) => s.partnerId))].map((partnerId) => ({ id: c.id, at: c.at, partnerId })));
}

export function firstReferral(world: World, partnerId: string, approvedAt: Date): Date | undefined {
  const times = referrals(world).filter((r) => r.partnerId === partnerId && r.at >= approvedAt).map((r) => r.at.getTime());
  return times.length ? new Date(Math.min(...times)) : undefined;
}

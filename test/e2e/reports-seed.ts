import type { Prisma, PrismaClient } from '@partnerflow/db';
import { allocate, newId } from '@partnerflow/domain';
import { seedReportMoney, type SeededConversion } from './reports-seed-money';

/**
 * Five months of a program's history, written with Prisma because the api dates everything "now":
 * twelve approved partners (one never refers, one takes 40 days, one is an unapproved applicant),
 * links, creditable and bot clicks, sales, deposits, a trade, a lead with an amount, a split
 * (linear) sale, a coupon sale, a recurring renewal, refunds and a chargeback, a USD sale, an
 * unattributed sale; then commissions, ledger entries and payouts (reports-seed-money.ts).
 * Every day is counted from `base`, and everything happens within 140 days of it.
 */

const DAY = 86_400_000;
export const BULK_PARTNERS = [
  { name: 'Zoë "Z", Ltd.', type: 'content', country: 'GB', approvedDay: 2, delay: 3 },
  { name: '=Eve', type: 'influencer', country: 'US', approvedDay: 9, delay: null },
  { name: 'Mallory', type: 'coupon', country: 'FR', approvedDay: 12, delay: 40 },
  { name: 'Oscar', type: 'agency', country: 'GB', approvedDay: 33, delay: 1 },
  { name: 'Peggy', type: 'ib', country: 'DE', approvedDay: 40, delay: 20 },
  { name: 'Trent', type: 'content', country: 'FR', approvedDay: 64, delay: 2 },
  { name: 'Victor', type: 'other', country: 'US', approvedDay: 66, delay: 5 },
  { name: 'Walter', type: 'content', country: 'DE', approvedDay: 70, delay: 31 },
  { name: 'Sybil', type: 'coupon', country: 'GB', approvedDay: 95, delay: 0.5 },
  { name: 'Judy', type: 'influencer', country: 'FR', approvedDay: 97, delay: 7 },
  { name: 'Ivan', type: 'agency', country: 'US', approvedDay: 99, delay: 14 },
  { name: 'Heidi', type: 'content', country: 'DE', approvedDay: 100, delay: 3 },
] as const;

type Share = { partnerId: string; touchId: string; touchKind: 'click' | 'coupon'; ppm: number };

export async function seedReportHistory(prisma: PrismaClient, programId: string, base: Date): Promise<void> {
  const at = (day: number) => new Date(base.getTime() + day * DAY);
  const partners: Prisma.PartnerCreateManyInput[] = [];
  const audit: Prisma.AuditEntryCreateManyInput[] = [];
  const links: Prisma.LinkCreateManyInput[] = [];
  const clicks: Prisma.ClickCreateManyInput[] = [];
  const conversions: Prisma.ConversionCreateManyInput[] = [];
  const shares: Prisma.ConversionShareCreateManyInput[] = [];
  const seeded: SeededConversion[] = [];

  const stage = (partnerId: string, day: number, from: string, to: string) =>
    audit.push({ id: newId('audit'), at: at(day), actorType: 'system', actorId: 'seed', action: 'partner.stage_changed', targetType: 'partner', targetId: partnerId, before: { stage: from }, after: { stage: to } });
  const click = (partnerId: string, day: number, creditable = true) => {
    const id = newId('click');
    const linkId = links.find((link) => link.partnerId === partnerId)!.id;
    clicks.push({ id, at: at(day), linkId, partnerId, programId, isBot: !creditable, creditable, userAgent: creditable ? 'Mozilla/5.0' : 'curl/8.5.0' });
    return id;
  };
  const candidate = (share: Share, day: number, counted = true) => ({
    touchId: share.touchId, kind: share.touchKind, partnerId: share.partnerId, at: at(day).toISOString(), counted, sharePpm: counted ? share.ppm : 0, reason: 'seeded',
  });
  function convert(type: string, day: number, amount: bigint | null, list: Share[], extra: Partial<Prisma.ConversionCreateManyInput> & { touchDays?: number[]; setAside?: Share[]; currency?: string } = {}) {
    const id = newId('conversion');
    const { touchDays, setAside, currency, ...columns } = extra;
    const outcome = columns.attributionOutcome ?? (list.length > 0 ? 'attributed' : 'unattributed');
    const candidates = outcome === 'attributed' ? [...(setAside ?? []).map((s) => candidate(s, day - 1, false)), ...list.map((s, i) => candidate(s, touchDays?.[i] ?? day - 0.1))] : [];
    conversions.push({
      id, programId, type: type as never, externalId: `${type}-${id}`, source: 'event', occurredAt: at(day), amountMinor: amount,
      currency: amount === null ? null : (currency ?? 'EUR'), partnerId: list[0]?.partnerId ?? null, attributionOutcome: outcome,
      attributionModel: 'last_click', attribution: { summary: 'seeded', model: 'last_click', candidates, notes: [] },
      commissionStatus: list.length > 0 ? 'processed' : 'not_applicable', ...columns,
    });
    const amounts = amount === null || list.length === 0 ? null : allocate(amount, list.map((s) => s.ppm));
    list.forEach((s, i) => shares.push({ conversionId: id, touchId: s.touchId, touchKind: s.touchKind, partnerId: s.partnerId, sharePpm: s.ppm, amountMinor: amounts?.[i] ?? null }));
    seeded.push({ id, type, day, refersTo: (columns.refersToId as string | undefined) ?? null, amount, currency: amount === null ? null : (currency ?? 'EUR'), shares: list.map((s, i) => ({ partnerId: s.partnerId, amount: amounts?.[i] ?? null })) });
    return { id, list };
  }
  const viaClick = (partnerId: string, day: number): Share => ({ partnerId, touchId: click(partnerId, day - 0.1), touchKind: 'click', ppm: 1_000_000 });

  const ids = BULK_PARTNERS.map(() => newId('partner'));
  BULK_PARTNERS.forEach((p, i) => {
    partners.push({ id: ids[i], programId, email: `bulk${i}@example.com`, name: p.name, country: p.country, audienceSize: 1000 + i, type: p.type, stage: 'ACTIVE', workflowId: `partner-${ids[i]}`, createdAt: at(p.approvedDay - 1) });
    links.push({ id: newId('link'), slug: `bulk${i}${ids[i].slice(-6)}`, programId, partnerId: ids[i], destination: 'https://example.com/' });
    stage(ids[i], p.approvedDay, 'APPLIED', 'ACTIVE');
  });
  const grace = newId('partner');
  partners.push({ id: grace, programId, email: 'grace@example.com', name: 'Grace', country: 'DE', audienceSize: 5, type: 'other', stage: 'APPLIED', workflowId: `partner-${grace}` });

  const firstSales = new Map<number, ReturnType<typeof convert>>();
  BULK_PARTNERS.forEach((p, i) => {
    click(ids[i], p.approvedDay + 0.2);
    click(ids[i], p.approvedDay + 0.3, false);
    if (p.delay === null) return;
    const first = p.approvedDay + p.delay;
    stage(ids[i], first, 'ACTIVE', 'PRODUCING');
    for (let k = 0; k < 1 + (i % 4); k++) {
      const sale = convert(i === 6 ? 'deposit' : 'sale', first + k * 3, BigInt(1000 + i * 137 + k * 2511), [viaClick(ids[i], first + k * 3)], { customerId: `cust-${i}-${k}` });
      if (k === 0) firstSales.set(i, sale);
    }
  });
  const [zoe, , mallory, oscar, peggy, trent, , walter] = ids;
  const split = convert('sale', 45, 10_001n, [viaClick(zoe, 44), viaClick(oscar, 45)].map((s) => ({ ...s, ppm: 500_000 })), { customerId: 'cust-split', touchDays: [44, 45 - 0.1] });
  convert('sale', 60, 4_500n, [{ partnerId: mallory, touchId: newId('coupon'), touchKind: 'coupon', ppm: 1_000_000 }], { customerId: 'cust-coupon', setAside: [viaClick(zoe, 59)] });
  const original = firstSales.get(0)!;
  convert('renewal', 80, 2_000n, original.list, { customerId: 'cust-0-0', attributionOutcome: 'recurring' });
  convert('refund', 20, -300n, original.list, { refersToId: original.id, attributionOutcome: 'inherited' });
  const chargedBack = firstSales.get(3)!;
  convert('chargeback', 50, -BigInt(1000 + 3 * 137), chargedBack.list, { refersToId: chargedBack.id, attributionOutcome: 'inherited' });
  convert('refund', 52, -1_001n, split.list, { refersToId: split.id, attributionOutcome: 'inherited' });
  const lead = convert('lead', 61, 700n, [viaClick(peggy, 61)]);
  convert('refund', 62, -700n, lead.list, { refersToId: lead.id, attributionOutcome: 'inherited' });
  convert('trade', 63, 5_000n, [viaClick(peggy, 63)], { lines: [{ instrument: 'EURUSD', lots: '1.5' }] });
  convert('sale', 70, 2_500n, [viaClick(trent, 70)], { currency: 'USD', customerId: 'cust-usd' });
  convert('signup', 102, null, [viaClick(walter, 102)]);
  convert('sale', 30, 9_999n, []);
  stage(zoe, 100, 'PRODUCING', 'CONSISTENT');
  stage(oscar, 90, 'PRODUCING', 'PAUSED');
  stage(ids[10], 130, 'PRODUCING', 'TERMINATED');

  await prisma.partner.createMany({ data: partners });
  await prisma.auditEntry.createMany({ data: audit });
  await prisma.link.createMany({ data: links });
  await prisma.click.createMany({ data: clicks });
  await prisma.conversion.createMany({ data: conversions });
  await prisma.conversionShare.createMany({ data: shares });
  await seedReportMoney(prisma, programId, base, seeded, { first: [zoe, mallory, oscar], returned: [peggy], second: [trent] });
}

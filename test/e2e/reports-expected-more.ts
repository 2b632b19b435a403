import {
  accumulate, average, customerOf, dayStats, firstReferral, inRange, keyOf, money, periodsOf, ratio, referrals, revenueEvents, REVENUE_TYPES, table,
  type Grouping, type World,
} from './reports-oracle';

/** Expected concentration, cohorts and touch comparison, from the raw rows only. */

function rankByNet(events: { partnerId: string; amount: bigint }[]) {
  const net = new Map<string, bigint>();
  for (const e of events) net.set(e.partnerId, (net.get(e.partnerId) ?? 0n) + e.amount);
  return [...net.entries()].sort(([a, x], [b, y]) => (x === y ? (a < b ? -1 : 1) : x > y ? -1 : 1));
}

export function concentration(world: World, g: Grouping) {
  const events = revenueEvents(world);
  const sum = (list: [string, bigint][]) => list.reduce((total, [, net]) => total + net, 0n);
  const share = (part: bigint, total: bigint) => (total > 0n ? ratio(part, total) : null);
  if (g === 'partner') {
    const ranked = rankByNet(events);
    const total = sum(ranked);
    let running = 0n;
    const rows = ranked.map(([partnerId, net], index) => {
      running += net;
      return { group: partnerId, label: world.partners.get(partnerId)!.name, rank: index + 1, netRevenue: money(world, net), share: share(net, total), cumulativeShare: share(running, total) };
    });
    return { rows, totals: { group: 'total', label: 'all', rank: null, netRevenue: money(world, total), share: share(total, total), cumulativeShare: share(sum(ranked.slice(0, 10)), total) } };
  }
  const byGroup = new Map<string, typeof events>();
  for (const e of events) byGroup.set(keyOf(world, g, e.at, e.partnerId), [...(byGroup.get(keyOf(world, g, e.at, e.partnerId)) ?? []), e]);
  const figures = (list: typeof events = []) => {
    const ranked = rankByNet(list);
    const total = sum(ranked);
    const top = sum(ranked.slice(0, 10));
    return { partners: ranked.length, totalRevenue: money(world, total), top10Revenue: money(world, top), top10Share: share(top, total) };
  };
  return table(world, g, byGroup, events, figures);
}

export function touchComparison(world: World, g: Grouping) {
  const make = () => ({ conv: new Set<string>(), disputed: new Set<string>(), first: new Set<string>(), firstRev: 0n, last: new Set<string>(), lastRev: 0n, model: new Set<string>(), modelRev: 0n });
  const groups = new Map<string, ReturnType<typeof make>>();
  const total = make();
  const compared = world.conversions.filter(
    (c) => c.outcome === 'attributed' && REVENUE_TYPES.includes(c.type) && c.currency === world.currency && c.amount !== null && inRange(world, c.at),
  );
  for (const c of compared) {
    const counted = c.candidates.filter((t) => t.counted);
    const first = counted[0]?.partnerId;
    const last = counted[counted.length - 1]?.partnerId;
    const disputed = first !== undefined && first !== last;
    const add = (partnerId: string, update: (a: ReturnType<typeof make>) => void) =>
      accumulate(groups, total, keyOf(world, g, c.at, partnerId), make, (a) => {
        a.conv.add(c.id);
        if (disputed) a.disputed.add(c.id);
        update(a);
      });
    if (first !== undefined && last !== undefined) {
      add(first, (a) => {
        a.first.add(c.id);
        a.firstRev += c.amount!;
      });
      add(last, (a) => {
        a.last.add(c.id);
        a.lastRev += c.amount!;
      });
    }
    for (const s of c.shares) {
      add(s.partnerId, (a) => {
        a.model.add(c.id);
        a.modelRev += s.amount ?? 0n;
      });
    }
  }
  return table(world, g, groups, total, (a = make()) => ({
    conversions: a.conv.size, disputedConversions: a.disputed.size, firstTouchConversions: a.first.size, firstTouchRevenue: money(world, a.firstRev),
    lastTouchConversions: a.last.size, lastTouchRevenue: money(world, a.lastRev), modelConversions: a.model.size, modelRevenue: money(world, a.modelRev),
    lastMinusFirstRevenue: money(world, a.lastRev - a.firstRev),
  }));
}

const monthNumber = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthText = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

export function cohorts(world: World) {
  const members = [...world.approvals].filter(([, at]) => inRange(world, at)).map(([partnerId, approvedAt]) => ({ partnerId, approvedAt, cohort: approvedAt.toISOString().slice(0, 7) }));
  const memberOf = (partnerId: string) => members.find((m) => m.partnerId === partnerId);
  const lastMonth = monthNumber(new Date(world.to.getTime() - 1).toISOString().slice(0, 7));
  const activity = new Map<string, { referrals: Set<string>; clicks: number; customers: Set<string>; revenue: bigint }>();
  const track = (cohort: string | null, month: string | null) => {
    const key = `${cohort}|${month}`;
    if (!activity.has(key)) activity.set(key, { referrals: new Set(), clicks: 0, customers: new Set(), revenue: 0n });
    return activity.get(key)!;
  };
  const record = (partnerId: string, at: Date, update: (a: ReturnType<typeof track>) => void) => {
    const m = memberOf(partnerId);
    if (!m || at < m.approvedAt || at >= world.to) return;
    for (const [cohort, month] of [[m.cohort, at.toISOString().slice(0, 7)], [m.cohort, null], [null, null]] as const) update(track(cohort, month));
  };
  for (const r of referrals(world)) record(r.partnerId, r.at, (a) => a.referrals.add(`${r.partnerId}:${r.id}`));
  for (const c of world.clicks.filter((c) => c.creditable)) record(c.partnerId, c.at, (a) => (a.clicks += 1));
  for (const c of world.conversions.filter((c) => c.outcome === 'attributed' && REVENUE_TYPES.includes(c.type))) {
    for (const s of c.shares.filter((s) => s.touchKind === 'click')) record(s.partnerId, c.at, (a) => a.customers.add(customerOf(c)));
  }
  for (const e of revenueEvents(world)) record(e.partnerId, e.at, (a) => (a.revenue += e.amount));

  const facts = (list: typeof members) => {
    const firsts = list.map((m) => ({ m, first: firstReferral(world, m.partnerId, m.approvedAt) })).filter((x) => x.first);
    const reached = (stage: string) => list.filter((m) => world.stages.some((s) => s.partnerId === m.partnerId && s.stage === stage && s.at < world.to)).length;
    const stats = dayStats(firsts.map((x) => x.first!.getTime() - x.m.approvedAt.getTime()));
    return { partners: list.length, producing: firsts.length, stats, reached };
  };
  const monthsOf = (cohort: string) => lastMonth - monthNumber(cohort) + 1;
  const summary = (cohort: string | null) => {
    const list = members.filter((m) => cohort === null || m.cohort === cohort);
    const f = facts(list);
    const done = activity.get(`${cohort}|null`) ?? { referrals: new Set(), clicks: 0, customers: new Set(), revenue: 0n };
    const exposure = list.reduce((sum, m) => sum + monthsOf(m.cohort), 0);
    return {
      partners: f.partners, producingPartners: f.producing, medianDaysToFirstReferral: f.stats.median, meanDaysToFirstReferral: f.stats.mean,
      referrals: done.referrals.size, monthsObserved: cohort === null || list.length === 0 ? null : monthsOf(cohort),
      referralsPerPartnerPerMonth: ratio(done.referrals.size, exposure), clicks: done.clicks, customers: done.customers.size,
      conversionRate: list.length === 0 ? null : ratio(done.customers.size, done.clicks), netRevenue: money(world, done.revenue),
      revenuePerPartner: money(world, average(done.revenue, list.length)), reachedProducing: f.reached('PRODUCING'), reachedConsistent: f.reached('CONSISTENT'),
      reachedAtRisk: f.reached('AT_RISK'), reachedPaused: f.reached('PAUSED'), reachedTerminated: f.reached('TERMINATED'),
    };
  };
  const rows = periodsOf(world, 'month').map((p) => ({ group: p.group, start: p.start.toISOString(), end: p.end.toISOString(), ...summary(p.group) }));
  const totals = { group: 'total', start: world.from.toISOString(), end: world.to.toISOString(), ...summary(null) };
  const trend = [...new Set(members.map((m) => m.cohort))].sort().flatMap((cohort) => {
    const partners = members.filter((m) => m.cohort === cohort).length;
    return Array.from({ length: lastMonth - monthNumber(cohort) + 1 }, (_, offset) => {
      const month = monthText(monthNumber(cohort) + offset);
      const done = activity.get(`${cohort}|${month}`) ?? { referrals: new Set(), clicks: 0, customers: new Set(), revenue: 0n };
      return {
        cohort, month, monthsSinceJoin: offset, partners, referrals: done.referrals.size, referralsPerPartner: ratio(done.referrals.size, partners),
        clicks: done.clicks, customers: done.customers.size, conversionRate: ratio(done.customers.size, done.clicks),
        netRevenue: money(world, done.revenue), revenuePerPartner: money(world, average(done.revenue, partners)),
      };
    });
  });
  return { rows, totals, trend };
}

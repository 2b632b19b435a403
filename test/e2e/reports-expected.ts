import {
  accumulate, average, byId, customerOf, dayStats, DAY_MS, firstReferral, inRange, isPeriod, keyOf, money, periodsOf, ratio, referrals,
  revenueEvents, REVENUE_TYPES, REVERSAL_TYPES, table, type Grouping, type World,
} from './reports-oracle';

/** Expected rows and totals of each report, from the raw rows only (see reports-oracle.ts). */

export function partnerRevenue(world: World, g: Grouping) {
  const make = () => ({ gross: 0n, reversals: 0n, conv: new Set<string>(), rev: new Set<string>(), partners: new Set<string>() });
  const groups = new Map<string, ReturnType<typeof make>>();
  const total = make();
  for (const e of revenueEvents(world)) {
    accumulate(groups, total, keyOf(world, g, e.at, e.partnerId), make, (a) => {
      if (e.revenue) {
        a.gross += e.amount;
        a.conv.add(e.id);
      } else {
        a.reversals += e.amount;
        a.rev.add(e.id);
      }
      a.partners.add(e.partnerId);
    });
  }
  return table(world, g, groups, total, (a = make()) => ({
    grossRevenue: money(world, a.gross), reversals: money(world, a.reversals), netRevenue: money(world, a.gross + a.reversals),
    conversions: a.conv.size, reversalEvents: a.rev.size, partners: a.partners.size,
  }));
}

export function activePartners(world: World, g: Grouping) {
  const refs = referrals(world);
  const activeBefore = (end: Date) => new Set(refs.filter((r) => r.at.getTime() >= end.getTime() - 30 * DAY_MS && r.at < end).map((r) => r.partnerId));
  const approvedBefore = (end: Date) => [...world.approvals.values()].filter((at) => at < end).length;
  const figures = (a = { active: 0, approved: 0 }) => ({ activePartners: a.active, approvedPartners: a.approved, activeShare: ratio(a.active, a.approved) });
  if (isPeriod(g)) {
    const groups = new Map(periodsOf(world, g).map((p) => [p.group, { active: activeBefore(p.end).size, approved: approvedBefore(p.end) }]));
    return table(world, g, groups, { active: activeBefore(world.to).size, approved: approvedBefore(world.to) }, figures);
  }
  const active = activeBefore(world.to);
  const groups = new Map<string, { active: number; approved: number }>();
  const total = { active: 0, approved: 0 };
  for (const id of world.partners.keys()) {
    const isActive = active.has(id);
    const isApproved = (world.approvals.get(id) ?? world.to) < world.to;
    if (!isActive && !isApproved) continue;
    accumulate(groups, total, keyOf(world, g, world.to, id), () => ({ active: 0, approved: 0 }), (a) => {
      a.active += Number(isActive);
      a.approved += Number(isApproved);
    });
  }
  return table(world, g, groups, total, figures);
}

function approvalCohort(world: World, g: Grouping) {
  const make = () => ({ approved: 0, activated: 0, still: 0, ms: [] as number[] });
  const groups = new Map<string, ReturnType<typeof make>>();
  const total = make();
  for (const [partnerId, approvedAt] of world.approvals) {
    if (!inRange(world, approvedAt)) continue;
    const first = firstReferral(world, partnerId, approvedAt);
    const windowEnd = approvedAt.getTime() + 30 * DAY_MS;
    accumulate(groups, total, keyOf(world, g, approvedAt, partnerId), make, (a) => {
      a.approved += 1;
      if (first && first.getTime() <= windowEnd) a.activated += 1;
      if (!first && windowEnd > world.asOf.getTime()) a.still += 1;
      if (first) a.ms.push(first.getTime() - approvedAt.getTime());
    });
  }
  return { groups, total, make };
}

export function activation(world: World, g: Grouping) {
  const { groups, total, make } = approvalCohort(world, g);
  return table(world, g, groups, total, (a = make()) => ({ approved: a.approved, activated: a.activated, stillInWindow: a.still, activationRate: ratio(a.activated, a.approved - a.still) }));
}

export function timeToFirstReferral(world: World, g: Grouping) {
  const { groups, total, make } = approvalCohort(world, g);
  return table(world, g, groups, total, (a = make()) => {
    const stats = dayStats(a.ms);
    return { approved: a.approved, referred: a.ms.length, medianDays: stats.median, meanDays: stats.mean };
  });
}

export function conversionRate(world: World, g: Grouping) {
  const make = () => ({ clicks: 0, conv: new Set<string>(), customers: new Set<string>() });
  const groups = new Map<string, ReturnType<typeof make>>();
  const total = make();
  for (const c of world.clicks.filter((c) => c.creditable && inRange(world, c.at))) {
    accumulate(groups, total, keyOf(world, g, c.at, c.partnerId), make, (a) => {
      a.clicks += 1;
    });
  }
  for (const c of world.conversions.filter((c) => c.outcome === 'attributed' && REVENUE_TYPES.includes(c.type) && inRange(world, c.at))) {
    for (const s of c.shares.filter((s) => s.touchKind === 'click')) {
      accumulate(groups, total, keyOf(world, g, c.at, s.partnerId), make, (a) => {
        a.conv.add(c.id);
        a.customers.add(customerOf(c));
      });
    }
  }
  return table(world, g, groups, total, (a = make()) => ({ clicks: a.clicks, conversions: a.conv.size, customers: a.customers.size, conversionRate: ratio(a.customers.size, a.clicks) }));
}

/** Orders in the range with their shares, later reversals and commissions (of the orders, or of every conversion in the range). */
function orderFigures(world: World, g: Grouping, commissionsOn: 'orders' | 'all') {
  const make = () => ({ orders: new Set<string>(), customers: new Set<string>(), gross: 0n, refunded: 0n, commissions: 0n });
  const groups = new Map<string, ReturnType<typeof make>>();
  const total = make();
  const orders = world.conversions.filter((c) => REVENUE_TYPES.includes(c.type) && c.currency === world.currency && c.amount !== null && inRange(world, c.at));
  for (const o of orders) {
    for (const s of o.shares.filter((s) => s.amount !== null)) {
      accumulate(groups, total, keyOf(world, g, o.at, s.partnerId), make, (a) => {
        a.orders.add(o.id);
        a.customers.add(customerOf(o));
        a.gross += s.amount!;
      });
    }
    for (const r of world.conversions.filter((r) => r.refersToId === o.id && REVERSAL_TYPES.includes(r.type))) {
      for (const s of r.shares.filter((s) => s.amount !== null)) {
        accumulate(groups, total, keyOf(world, g, o.at, s.partnerId), make, (a) => {
          a.refunded += s.amount!;
        });
      }
    }
  }
  const priced = commissionsOn === 'orders' ? orders : world.conversions.filter((c) => inRange(world, c.at));
  for (const k of priced) {
    for (const c of world.commissions.filter((c) => c.conversionId === k.id && c.currency === world.currency)) {
      for (const e of world.entries.filter((e) => e.commissionId === c.id && e.kind.startsWith('commission'))) {
        accumulate(groups, total, keyOf(world, g, k.at, c.partnerId), make, (a) => {
          a.commissions += e.amount;
        });
      }
    }
  }
  return { groups, total, make };
}

export function orderValue(world: World, g: Grouping) {
  const { groups, total, make } = orderFigures(world, g, 'orders');
  return table(world, g, groups, total, (a = make()) => {
    const net = a.gross + a.refunded;
    const margin = net - a.commissions;
    return {
      orders: a.orders.size, grossRevenue: money(world, a.gross), averageOrderValue: money(world, average(a.gross, a.orders.size)),
      refunded: money(world, a.refunded), netRevenue: money(world, net), commissions: money(world, a.commissions), margin: money(world, margin),
      marginRate: net > 0n ? ratio(margin, net) : null,
    };
  });
}

export function ltvCommission(world: World, g: Grouping) {
  const { groups, total, make } = orderFigures(world, g, 'all');
  return table(world, g, groups, total, (a = make()) => {
    const revenue = a.gross + a.refunded;
    return {
      customers: a.customers.size, grossRevenue: money(world, a.gross), refunded: money(world, a.refunded), revenue: money(world, revenue),
      customerLtv: money(world, average(revenue, a.customers.size)), commissions: money(world, a.commissions),
      ltvToCommission: a.commissions > 0n ? ratio(revenue, a.commissions, 2) : null, netRevenue: money(world, revenue - a.commissions),
    };
  });
}

export function payoutLag(world: World, g: Grouping) {
  const make = () => ({ count: 0, paid: 0n, ms: [] as number[] });
  const groups = new Map<string, ReturnType<typeof make>>();
  const total = make();
  const conversions = byId(world);
  for (const e of world.entries.filter((e) => e.kind === 'commission_approved' && e.account === 'approved')) {
    const commission = world.commissions.find((c) => c.id === e.commissionId)!;
    for (const item of world.items.filter((i) => i.ledgerEntryId === e.id)) {
      const payout = world.payouts.get(item.payoutId)!;
      if (payout.status !== 'paid' || !payout.paidAt || !inRange(world, payout.paidAt)) continue;
      const paidAt = payout.paidAt;
      accumulate(groups, total, keyOf(world, g, paidAt, commission.partnerId), make, (a) => {
        a.count += 1;
        if (payout.currency === world.currency) a.paid += item.amount;
        a.ms.push(paidAt.getTime() - conversions.get(commission.conversionId)!.at.getTime());
      });
    }
  }
  return table(world, g, groups, total, (a = make()) => {
    const stats = dayStats(a.ms);
    return { commissions: a.count, paidAmount: money(world, a.paid), medianDays: stats.median, meanDays: stats.mean, maxDays: stats.max };
  });
}

export { cohorts, concentration, touchComparison } from './reports-expected-more';

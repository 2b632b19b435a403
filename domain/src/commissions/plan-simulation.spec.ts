import { planOf } from './commission.fixtures';
import { simulatePlan, type SimulatedConversion } from './plan-simulation';

const sale = (id: string, day: number, amountMinor: bigint, partnerId = 'ptn_a', currency = 'EUR'): SimulatedConversion => ({
  id,
  type: 'sale',
  currency,
  lines: null,
  occurredAt: new Date(Date.UTC(2026, 2, day, 12)),
  customerId: null,
  shares: [{ partnerId, sharePpm: 1_000_000, amountMinor }],
});

describe('simulatePlan', () => {
  it('prices each partner share and adds them up per partner', () => {
    const plan = planOf({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '10' }] });
    const totals = simulatePlan(plan, 1, [sale('cnv_1', 1, 10_000n), sale('cnv_2', 2, 5_000n), sale('cnv_3', 3, 2_000n, 'ptn_b')]);
    expect(totals.byPartner).toEqual(new Map([['ptn_a', 1_500n], ['ptn_b', 200n]]));
    expect(totals.lines).toBe(3);
  });

  it('accumulates the period in memory, as the hold workflow reads it from earlier commissions', () => {
    const plan = planOf({
      currency: 'EUR',
      period: 'month',
      rules: [
        { id: 'rev', type: 'percentage', events: ['sale'], rate: '10' },
        { id: 'second', type: 'milestone_bonus', events: ['sale'], measure: 'count', milestones: [{ at: 2, amount: '50.00' }] },
      ],
    });
    // 10% of three 100.00 sales, and the second sale of March reaches the milestone; April starts a new period.
    const totals = simulatePlan(plan, 1, [sale('cnv_1', 1, 10_000n), sale('cnv_2', 2, 10_000n), sale('cnv_3', 40, 10_000n)]);
    expect(totals.byPartner.get('ptn_a')).toBe(3_000n + 5_000n);
  });

  it("prices each partner at its tier and pays its earning IB masters, as recording would", () => {
    const plan = planOf({
      currency: 'EUR',
      tiers: ['gold'],
      rules: [
        { id: 'rev', type: 'percentage', events: ['sale'], rate: '10', byTier: { gold: { rate: '20' } } },
        { id: 'masters', type: 'ib_override', events: ['sale'], levels: [{ type: 'percentage_of_amount', rate: '1' }, { type: 'percentage_of_amount', rate: '0.5' }] },
      ],
    });
    const partners = new Map([
      ['ptn_a', { tier: 'gold', upline: ['ptn_m1', 'ptn_m2'], notEarning: new Set(['ptn_m2']) }],
      ['ptn_b', { tier: null, upline: ['ptn_m1'], notEarning: new Set<string>() }],
    ]);
    const totals = simulatePlan(plan, 1, [sale('cnv_1', 1, 10_000n), sale('cnv_2', 2, 10_000n, 'ptn_b')], [], partners);
    // a: gold 20% of 100.00; b: 10%; m1: 1% of each sale; m2 is not earning (paused, say): nothing.
    expect(totals.byPartner).toEqual(new Map([['ptn_a', 2_000n], ['ptn_m1', 200n], ['ptn_b', 1_000n]]));
    expect(totals.lines).toBe(4);
  });

  it("counts every credited conversion toward a milestone, not only those that earned a commission", () => {
    // Only a milestone: the first two sales earn nothing, and the third is still the third sale.
    const plan = planOf({ currency: 'EUR', rules: [{ id: 'third', type: 'milestone_bonus', events: ['sale'], measure: 'count', milestones: [{ at: 3, amount: '30.00' }] }] });
    const totals = simulatePlan(plan, 1, [sale('cnv_1', 1, 10_000n), sale('cnv_2', 2, 10_000n), sale('cnv_3', 3, 10_000n), sale('cnv_4', 4, 10_000n)]);
    expect(totals.byPartner).toEqual(new Map([['ptn_a', 3_000n]]));
    expect(totals.lines).toBe(1);
  });

  it('prices other currencies at the rate effective at each conversion, and counts their revenue converted', () => {
    const plan = planOf({
      currency: 'EUR',
      rules: [
        { id: 'rev', type: 'percentage', events: ['sale'], rate: '10' },
        { id: 'big', type: 'milestone_bonus', events: ['sale'], measure: 'revenue', milestones: [{ at: '150.00', amount: '20.00' }] },
      ],
    });
    const rates = [
      { id: 'fxr_1', programId: null, base: 'USD', quote: 'EUR', rate: '0.5', effectiveFrom: new Date('2026-03-01T00:00:00Z') },
      { id: 'fxr_2', programId: 'prg_1', base: 'USD', quote: 'EUR', rate: '0.9', effectiveFrom: new Date('2026-03-03T00:00:00Z') },
    ];
    // 100.00 USD at 0.5 = 50.00 EUR (5.00 commission); 100.00 USD at 0.9 = 90.00 EUR (9.00); then 100.00 EUR reaches 240.00 ≥ 150.00
    const totals = simulatePlan(plan, 1, [sale('cnv_1', 2, 10_000n, 'ptn_a', 'USD'), sale('cnv_2', 4, 10_000n, 'ptn_a', 'USD'), sale('cnv_3', 5, 10_000n)], rates);
    expect(totals.unpriced).toEqual([]);
    expect(totals.byPartner.get('ptn_a')).toBe(500n + 900n + 1_000n + 2_000n);
  });

  it('reports what it cannot price instead of guessing a rate', () => {
    const plan = planOf({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '10' }] });
    const totals = simulatePlan(plan, 1, [sale('cnv_usd', 1, 10_000n, 'ptn_a', 'USD')]);
    expect(totals.unpriced).toEqual([{ conversionId: 'cnv_usd', partnerId: 'ptn_a', message: expect.any(String) }]);
  });
});

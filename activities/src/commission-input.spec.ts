import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { MissingFxRateError, newId, type CommissionPlanInput } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { seedConversion, seedPartner, seedProgram } from './commission.fixtures';
import { createCommissionActivities } from './commissions.activities';
import { FxRateArrivedError, recordUnpricedConversion } from './fx-rates';

const AS_OF = '2026-03-20T12:00:00.000Z';
const day = (n: number) => new Date(Date.UTC(2026, 2, n, 12));

/**
 * Medium test against PostgreSQL: what the engine is told about the period (every credited
 * conversion counts toward milestones and bands) and which FX rate prices a conversion in another
 * currency (the one effective at its time), through the real recording activity.
 */
describe('commission input: period counts and FX rates', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createCommissionActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('commission_input');
    prisma = createPrismaClient(db.url, 2);
    activities = createCommissionActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function partnerOf(plan: CommissionPlanInput) {
    const programId = await seedProgram(prisma, { plan, reviewerEmails: ['reviewer@acme.test'] });
    return { programId, partnerId: await seedPartner(prisma, programId) };
  }
  const record = (conversionId: string, partnerId: string) => activities.recordCommissionsForConversion({ conversionId, partnerId, asOf: AS_OF });
  const addRate = (programId: string | null, rate: string, effectiveFrom: Date, base = 'USD') =>
    prisma.fxRate.create({ data: { id: newId('fxRate'), programId, scope: programId ?? 'global', base, quote: 'EUR', rate, effectiveFrom, createdBy: 'key_test' } });

  it('reaches a milestone counted over every credited sale, even when the earlier ones earned nothing', async () => {
    const { programId, partnerId } = await partnerOf({
      currency: 'EUR',
      rules: [{ id: 'third', type: 'milestone_bonus', events: ['sale'], measure: 'count', milestones: [{ at: 3, amount: '30' }] }],
    });
    const sales = [];
    for (const n of [1, 2, 3, 4]) sales.push(await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(n) }));
    const outcomes = [];
    for (const sale of sales) outcomes.push(await record(sale, partnerId));
    expect(outcomes.map((o) => o.created.map((c) => c.amount))).toEqual([[], [], ['30.00 EUR'], []]);
    expect(outcomes[3].note).toContain('third: milestone_not_reached');
  });

  it('leaves out a conversion whose commissions were all rejected in review, but counts one whose commission was reversed', async () => {
    const { programId, partnerId } = await partnerOf({
      currency: 'EUR',
      rules: [
        { id: 'rev', type: 'percentage', events: ['sale'], rate: '10' },
        { id: 'third', type: 'milestone_bonus', events: ['sale'], measure: 'count', milestones: [{ at: 3, amount: '30' }] },
      ],
    });
    const fraud = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(1), flagged: true });
    const [inReview] = (await record(fraud, partnerId)).created;
    await activities.decideCommissionReview({ workflowId: `holds-${partnerId}`, partnerId, commissionId: inReview.commissionId, decision: 'reject', reason: 'fraud', reviewerId: 'key_1', decidedAt: AS_OF });
    const refunded = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(2) });
    await record(refunded, partnerId);
    await record(await seedConversion(prisma, { programId, shares: [{ partnerId }], type: 'refund', amountMinor: -10_000n, refersToId: refunded, occurredAt: day(3) }), partnerId);
    const second = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(4) });
    const third = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(5) });
    expect((await record(second, partnerId)).created.map((c) => c.amount)).toEqual(['10.00 EUR']);
    expect((await record(third, partnerId)).created.map((c) => c.amount).sort()).toEqual(['10.00 EUR', '30.00 EUR']);
  });

  it("pays the partner's tier its terms and tier bonuses, and the program default once the tier is gone", async () => {
    const { programId, partnerId } = await partnerOf({
      currency: 'EUR',
      tiers: ['gold'],
      rules: [
        { id: 'rev', type: 'percentage', events: ['sale'], rate: '10', byTier: { gold: { rate: '15' } } },
        { id: 'gold-bonus', type: 'flat', events: ['sale'], amount: '5', onlyTiers: ['gold'] },
      ],
    });
    await prisma.partner.update({ where: { id: partnerId }, data: { tier: 'gold' } });
    const golden = await record(await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(1) }), partnerId);
    // (two commissions of one recording: their order is not defined)
    expect(golden.created.map((c) => c.amount).sort()).toEqual(['15.00 EUR', '5.00 EUR']);

    await prisma.partner.update({ where: { id: partnerId }, data: { tier: null } });
    const plain = await record(await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(2) }), partnerId);
    expect(plain.created.map((c) => c.amount)).toEqual(['10.00 EUR']);
    expect(plain.note).toContain('gold-bonus: tier_not_eligible');
  });

  it('prices a conversion in another currency at the rate effective at its time, and names that rate', async () => {
    const { programId, partnerId } = await partnerOf({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '10' }] });
    await addRate(null, '0.5', day(1));
    const own = await addRate(programId, '0.9', day(5));
    await addRate(programId, '0.7', day(10)); // later than the sale: not used
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(7), amountMinor: 12_345n, currency: 'USD' });
    const [created] = (await record(sale, partnerId)).created;
    // 10% of 123.45 USD = 12.345 → 12.34 USD (half-even); × 0.9 = 11.106 → 11.11 EUR
    const commission = await prisma.commission.findUniqueOrThrow({ where: { id: created.commissionId } });
    expect(commission).toMatchObject({ amountMinor: 1_111n, currency: 'EUR', originalAmountMinor: 1_234n, originalCurrency: 'USD', fxRate: '0.9' });
    expect((commission.explanation as { inputs: object }).inputs).toMatchObject({ fxRate: '1 USD = 0.9 EUR', fxRateId: own.id, fxRateEffectiveFrom: day(5).toISOString() });
    const early = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(2), amountMinor: 10_000n, currency: 'USD' });
    expect((await record(early, partnerId)).created.map((c) => c.amount)).toEqual(['5.00 EUR']); // the global rate: the program's starts later
  });

  it("counts earlier revenue in another currency toward a revenue milestone, converted at each conversion's own rate", async () => {
    const { programId, partnerId } = await partnerOf({
      currency: 'EUR',
      rules: [{ id: 'big', type: 'milestone_bonus', events: ['sale'], measure: 'revenue', milestones: [{ at: '150.00', amount: '25' }] }],
    });
    await addRate(programId, '0.9', day(1));
    await addRate(programId, '0.5', day(8)); // after the USD sale: not its rate
    const usd = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(5), amountMinor: 10_000n, currency: 'USD' });
    const eur = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(9), amountMinor: 7_000n });
    expect((await record(usd, partnerId)).created).toEqual([]);
    // 100.00 USD × 0.9 = 90.00 EUR before, + 70.00 EUR = 160.00 EUR ≥ 150.00
    const [bonus] = (await record(eur, partnerId)).created;
    expect(bonus.amount).toBe('25.00 EUR');
    const steps = (await prisma.commission.findUniqueOrThrow({ where: { id: bonus.commissionId } })).explanation as { steps: string[] };
    expect(steps.steps).toContain('sale revenue of the period: 90.00 EUR before, 160.00 EUR with this conversion');
  });

  it('records an unpriced conversion with its reason, and prices it when it is handed over again after a rate arrives', async () => {
    const { programId, partnerId } = await partnerOf({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '10' }] });
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(7), amountMinor: 10_000n, currency: 'GBP' });
    const first = await record(sale, partnerId);
    expect(first).toMatchObject({ outcome: 'not_computed', created: [] });
    expect(first.note).toContain('no FX rate from GBP to EUR effective at 2026-03-07T12:00:00.000Z');
    const unpriced = await prisma.unpricedConversion.findUniqueOrThrow({ where: { conversionId_partnerId: { conversionId: sale, partnerId } } });
    expect(unpriced).toMatchObject({ programId, base: 'GBP', quote: 'EUR', occurredAt: day(7), reason: expect.stringContaining('add a GBP→EUR rate') });
    expect(await prisma.ledgerEntry.count({ where: { partnerId } })).toBe(0);

    await addRate(programId, '1.17', day(1), 'GBP');
    expect((await record(sale, partnerId)).created.map((c) => c.amount)).toEqual(['11.70 EUR']);
  });

  it('never records a conversion as unpriced when a rate covering it was committed meanwhile: the attempt fails and its retry prices', async () => {
    const { programId, partnerId } = await partnerOf({ currency: 'EUR', rules: [{ id: 'rev', type: 'percentage', events: ['sale'], rate: '10' }] });
    const saleId = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: day(7), currency: 'CHF' });
    const conversion = await prisma.conversion.findUniqueOrThrow({ where: { id: saleId } });
    await addRate(null, '1.05', day(1), 'CHF');
    const error = new MissingFxRateError('CHF', 'EUR', day(7));
    await expect(prisma.$transaction((tx) => recordUnpricedConversion(tx, { conversion, partnerId, error, asOf: new Date(AS_OF) }))).rejects.toThrow(FxRateArrivedError);
    expect(await prisma.unpricedConversion.count({ where: { conversionId: saleId } })).toBe(0);
  });
});

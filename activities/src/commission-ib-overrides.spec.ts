import { createPrismaClient, type PartnerStage, type PrismaClient } from '@partnerflow/db';
import type { CommissionPlanInput } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { balances, seedConversion, seedPartner, seedProgram } from './commission.fixtures';
import { createCommissionActivities } from './commissions.activities';

const AS_OF = '2026-03-10T12:05:00.000Z';

/** 10% of sales to the converting partner; its master 20% of that, the master's master 1% of the sale. */
const PLAN: CommissionPlanInput = {
  currency: 'EUR',
  rules: [
    { id: 'sale-revshare', type: 'percentage', events: ['sale'], rate: '10' },
    { id: 'ib', type: 'ib_override', events: ['sale'], levels: [{ type: 'percentage_of_commission', rate: '20' }, { type: 'percentage_of_amount', rate: '1' }] },
  ],
};

/** Medium test against PostgreSQL: multi-tier IB overrides recorded as the masters' own commissions, and reversed with the sub-IB's. */
describe('IB overrides', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createCommissionActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('commission_ib_overrides');
    prisma = createPrismaClient(db.url, 2);
    activities = createCommissionActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const record = (conversionId: string, partnerId: string) => activities.recordCommissionsForConversion({ conversionId, partnerId, asOf: AS_OF });
  const commissionsOf = (conversionId: string, partnerId: string) => prisma.commission.findMany({ where: { conversionId, partnerId }, orderBy: { ruleId: 'asc' } });

  /** sub → master → grand-master, each ACTIVE unless told otherwise. */
  async function hierarchy(stages: { master?: PartnerStage } = {}) {
    const programId = await seedProgram(prisma, { plan: PLAN });
    const [sub, master, grand] = [await seedPartner(prisma, programId), await seedPartner(prisma, programId), await seedPartner(prisma, programId)];
    await prisma.partner.update({ where: { id: master }, data: { parentPartnerId: grand, stage: stages.master ?? 'ACTIVE' } });
    await prisma.partner.update({ where: { id: sub }, data: { parentPartnerId: master } });
    return { programId, sub, master, grand };
  }

  it("pays each master its level's override as a commission of its own, once, and answers it to the master's hold", async () => {
    const { programId, sub, master, grand } = await hierarchy();
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId: sub }] });

    const first = await record(sale, sub);
    expect(first.created.map((c) => c.amount)).toEqual(['10.00 EUR']);
    expect(first.note).toContain(`2 IB override(s) for its masters ${master}, ${grand}`);
    const [level1] = await commissionsOf(sale, master);
    expect(level1).toMatchObject({ ruleId: `ib/level-1/${sub}`, kind: 'ib_override', amountMinor: 200n, status: 'pending', holdUntil: new Date('2026-04-09T12:00:00.000Z') });
    expect(level1.explanation).toMatchObject({ rule: { ruleId: `ib/level-1/${sub}`, planRuleId: 'ib' }, inputs: { level: 1, subPartnerId: sub } });
    expect((level1.explanation as { steps: string[] }).steps[0]).toBe(`IB override: level-1 master of sub-IB ${sub} on its sale`);
    const [level2] = await commissionsOf(sale, grand);
    expect(level2).toMatchObject({ ruleId: `ib/level-2/${sub}`, amountMinor: 100n, status: 'pending' });
    expect(await balances(prisma, master)).toEqual({ pending: '200' });
    expect(await balances(prisma, grand)).toEqual({ pending: '100' });
    expect(await prisma.domainEvent.count({ where: { name: 'commission.created', partnerId: { in: [master, grand] } } })).toBe(2);

    // Re-running (a retry, the same signal twice) records nothing new.
    const entries = await prisma.ledgerEntry.count();
    expect(await record(sale, sub)).toMatchObject({ outcome: 'created', note: expect.stringContaining('already recorded'), created: first.created });
    expect(await prisma.ledgerEntry.count()).toBe(entries);
    expect(await prisma.commission.count({ where: { conversionId: sale } })).toBe(3);

    // The master's own hold workflow is told the conversion: it is answered the override to hold.
    const forMaster = await record(sale, master);
    expect(forMaster).toMatchObject({ outcome: 'created', reversed: [] });
    expect(forMaster.created).toEqual([{ commissionId: level1.id, status: 'pending', holdUntil: '2026-04-09T12:00:00.000Z', flagged: false, amount: '2.00 EUR', review: null }]);
    expect(await record(sale, await seedPartner(prisma, programId))).toMatchObject({ outcome: 'nothing_to_do', created: [] });
    expect(await prisma.ledgerEntry.count()).toBe(entries);
  });

  it('skips a terminated master, keeping the level of the master above it', async () => {
    const { programId, sub, master, grand } = await hierarchy({ master: 'TERMINATED' });
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId: sub }] });
    const recorded = await record(sale, sub);
    expect(recorded.note).toContain(`ib/level-1: master ${master} is TERMINATED`);
    expect(await commissionsOf(sale, master)).toEqual([]);
    expect((await commissionsOf(sale, grand)).map((c) => [c.ruleId, c.amountMinor])).toEqual([[`ib/level-2/${sub}`, 100n]]);
    expect(await record(sale, master)).toMatchObject({ outcome: 'nothing_to_do', created: [] });
  });

  it("reverses the masters' overrides pro rata with a partial refund of the sub-IB's sale, once", async () => {
    const { programId, sub, master, grand } = await hierarchy();
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId: sub }] });
    await record(sale, sub);
    const refund = await seedConversion(prisma, { programId, shares: [{ partnerId: sub }], type: 'refund', amountMinor: -2_500n, refersToId: sale });

    const reversed = await record(refund, sub);
    expect(reversed).toMatchObject({ outcome: 'reversed', note: expect.stringContaining('and 2 IB override(s) of its masters') });
    expect(reversed.reversed.map((r) => r.amountMinor)).toEqual(['-250']);
    const [level1] = await commissionsOf(sale, master);
    expect(level1).toMatchObject({ reversedMinor: 50n, status: 'pending' });
    expect(await balances(prisma, master)).toEqual({ pending: '150' });
    expect(await balances(prisma, grand)).toEqual({ pending: '75' });
    const reversalEntry = await prisma.ledgerEntry.findFirstOrThrow({ where: { commissionId: level1.id, kind: 'commission_reversed' } });
    expect(reversalEntry).toMatchObject({ conversionId: refund, account: 'pending', amountMinor: -50n });
    expect(await prisma.domainEvent.count({ where: { name: 'commission.reversed', partnerId: { in: [master, grand] } } })).toBe(2);

    // The master's hold is told the refund: it is answered what was booked; nothing is booked twice.
    const entries = await prisma.ledgerEntry.count();
    expect(await record(refund, master)).toMatchObject({
      outcome: 'reversed',
      reversed: [{ commissionId: level1.id, amountMinor: '-50', currency: 'EUR', account: 'pending', status: 'pending', fullyReversed: false, absorbed: false }],
    });
    expect((await record(refund, sub)).reversed).toEqual(reversed.reversed);
    expect(await prisma.ledgerEntry.count()).toBe(entries);
  });

  it("applies a refund processed before its original to the masters' overrides too", async () => {
    const { programId, sub, master } = await hierarchy();
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId: sub }] });
    const refund = await seedConversion(prisma, { programId, shares: [{ partnerId: sub }], type: 'refund', amountMinor: -10_000n, refersToId: sale });
    expect(await record(refund, sub)).toMatchObject({ outcome: 'nothing_to_do' });
    await record(sale, sub);
    expect(await commissionsOf(sale, master)).toEqual([expect.objectContaining({ status: 'reversed', reversedMinor: 200n })]);
    expect(await balances(prisma, master)).toEqual({ pending: '0' });
    expect((await record(sale, master)).created).toEqual([expect.objectContaining({ status: 'reversed' })]);
  });

  it('keeps a credited master its own commission, and two sub-IBs of one master credited together earn it two overrides', async () => {
    const { programId, sub, master } = await hierarchy();
    const sibling = await seedPartner(prisma, programId);
    await prisma.partner.update({ where: { id: sibling }, data: { parentPartnerId: master } });
    const split = await seedConversion(prisma, { programId, shares: [{ partnerId: sub }, { partnerId: sibling }] });
    await record(split, sub);
    await record(split, sibling);
    expect((await commissionsOf(split, master)).map((c) => [c.ruleId, c.amountMinor]).sort()).toEqual(
      [`ib/level-1/${sibling}`, `ib/level-1/${sub}`].sort().map((ruleId) => [ruleId, 100n]),
    );

    const shared = await seedConversion(prisma, { programId, shares: [{ partnerId: sub }, { partnerId: master }] });
    await record(shared, sub);
    const ofMaster = await record(shared, master);
    expect(ofMaster.created.map((c) => c.amount).sort()).toEqual(['1.00 EUR', '5.00 EUR']);
    expect((await commissionsOf(shared, master)).map((c) => c.ruleId)).toEqual([`ib/level-1/${sub}`, 'sale-revshare']);
  });
});

import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { balances, seedConversion, seedPartner, seedProgram } from './commission.fixtures';
import { createCommissionActivities } from './commissions.activities';

const AS_OF = '2026-03-10T12:05:00.000Z';

/** Medium test: recording commissions and reversals against real PostgreSQL, each call repeated as a retry would. */
describe('recordCommissionsForConversion', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createCommissionActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('commission_recording');
    prisma = createPrismaClient(db.url, 2);
    activities = createCommissionActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function partnerOf(setup?: Parameters<typeof seedProgram>[1]) {
    const programId = await seedProgram(prisma, setup);
    return { programId, partnerId: await seedPartner(prisma, programId) };
  }
  const record = (conversionId: string, partnerId: string) => activities.recordCommissionsForConversion({ conversionId, partnerId, asOf: AS_OF });

  it('turns a sale into a pending commission with its explanation and one created entry, once', async () => {
    const { programId, partnerId } = await partnerOf();
    const conversionId = await seedConversion(prisma, { programId, shares: [{ partnerId }] });
    const first = await record(conversionId, partnerId);
    expect(await record(conversionId, partnerId)).toEqual({ ...first, note: expect.stringContaining('already recorded') });
    expect(first).toMatchObject({ outcome: 'created', reversed: [] });
    expect(first.created).toEqual([
      { commissionId: expect.any(String), status: 'pending', holdUntil: '2026-04-09T12:00:00.000Z', flagged: false, amount: '10.00 EUR', review: null },
    ]);
    const commission = await prisma.commission.findUniqueOrThrow({ where: { id: first.created[0].commissionId } });
    expect(commission).toMatchObject({ ruleId: 'sale-revshare', amountMinor: 1_000n, currency: 'EUR', planVersion: 1, status: 'pending' });
    expect(commission.explanation).toMatchObject({ planVersion: 1, inputs: { holdConfigVersion: 1, holdDays: 30, manualReview: false } });
    expect((commission.explanation as { steps: string[] }).steps.at(-1)).toBe('held 30 day(s) (hold config v1): pending until 2026-04-09T12:00:00.000Z');
    expect(await prisma.ledgerEntry.count({ where: { commissionId: commission.id } })).toBe(1);
    expect(await balances(prisma, partnerId)).toEqual({ pending: '1000' });
  });

  it('credits each partner only their share, and nothing to a partner the conversion does not credit', async () => {
    const { programId, partnerId } = await partnerOf();
    const other = await seedPartner(prisma, programId);
    const stranger = await seedPartner(prisma, programId);
    const conversionId = await seedConversion(prisma, { programId, shares: [{ partnerId, sharePpm: 250_000 }, { partnerId: other, sharePpm: 750_000 }] });
    expect((await record(conversionId, partnerId)).created.map((c) => c.amount)).toEqual(['2.50 EUR']);
    expect((await record(conversionId, other)).created.map((c) => c.amount)).toEqual(['7.50 EUR']);
    expect(await record(conversionId, stranger)).toMatchObject({ outcome: 'nothing_to_do', created: [] });
  });

  it('holds a signup 0 days, and sends a flagged sale to review with its task opened in the same transaction', async () => {
    const { programId, partnerId } = await partnerOf();
    const signup = await seedConversion(prisma, { programId, shares: [{ partnerId }], type: 'signup', amountMinor: null });
    expect((await record(signup, partnerId)).created).toEqual([expect.objectContaining({ holdUntil: '2026-03-10T12:00:00.000Z', amount: '5.00 EUR', review: null })]);

    const flagged = await seedConversion(prisma, { programId, shares: [{ partnerId }], flagged: true });
    const { created } = await record(flagged, partnerId);
    expect(created[0]).toMatchObject({ flagged: true, status: 'pending' });
    expect(created[0].review).toEqual({
      taskId: expect.any(String),
      openedAt: AS_OF,
      reminderHours: 24,
      expiresAt: '2026-03-17T12:05:00.000Z',
      onExpiry: 'keep_waiting',
      reasons: 'converted 3 s after the click',
    });
    const task = await prisma.operatorTask.findUniqueOrThrow({ where: { id: created[0].review!.taskId } });
    expect(task).toMatchObject({ kind: 'commission_review', status: 'open', workflowId: `holds-${partnerId}`, subjectKey: created[0].commissionId, commissionId: created[0].commissionId });
    expect((await record(flagged, partnerId)).created).toEqual(created);
    expect(await prisma.operatorTask.count({ where: { commissionId: created[0].commissionId } })).toBe(1);
  });

  it('reverses partial refunds pro rata in pending, cumulatively, until the commission is reversed', async () => {
    const { programId, partnerId } = await partnerOf();
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId }], amountMinor: 10_001n });
    const [commission] = (await record(sale, partnerId)).created;
    const firstRefund = await seedConversion(prisma, { programId, shares: [{ partnerId }], type: 'refund', amountMinor: -3_333n, refersToId: sale });
    const reversed = await record(firstRefund, partnerId);
    expect(reversed).toMatchObject({ outcome: 'reversed', created: [] });
    expect(reversed.reversed).toEqual([
      { commissionId: commission.commissionId, amountMinor: '-333', currency: 'EUR', account: 'pending', status: 'pending', fullyReversed: false, absorbed: false },
    ]);
    expect(await record(firstRefund, partnerId)).toEqual(reversed);
    const rest = await seedConversion(prisma, { programId, shares: [{ partnerId }], type: 'chargeback', amountMinor: -6_668n, refersToId: sale });
    expect((await record(rest, partnerId)).reversed).toEqual([expect.objectContaining({ amountMinor: '-667', status: 'reversed', fullyReversed: true })]);
    expect(await prisma.commission.findUniqueOrThrow({ where: { id: commission.commissionId } })).toMatchObject({ status: 'reversed', reversedMinor: 1_000n });
    expect(await balances(prisma, partnerId)).toEqual({ pending: '0' });
  });

  it('applies a refund that was processed before its original once the original is recorded', async () => {
    const { programId, partnerId } = await partnerOf();
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId }] });
    const refund = await seedConversion(prisma, { programId, shares: [{ partnerId }], type: 'refund', amountMinor: -5_000n, refersToId: sale });
    expect(await record(refund, partnerId)).toMatchObject({ outcome: 'nothing_to_do', reversed: [] });
    expect((await record(sale, partnerId)).created).toEqual([expect.objectContaining({ status: 'pending', amount: '10.00 EUR' })]);
    expect(await balances(prisma, partnerId)).toEqual({ pending: '500' });
    expect((await record(refund, partnerId)).reversed).toEqual([expect.objectContaining({ amountMinor: '-500', account: 'pending' })]);
  });

  it("counts the partner's earlier commissions of the period (milestones) and of the customer (recurring limits)", async () => {
    const plan = {
      currency: 'EUR',
      rules: [
        { id: 'first-sale', type: 'percentage' as const, events: ['sale' as const], rate: '10', recurring: { type: 'count' as const, count: 1 } },
        { id: 'second', type: 'milestone_bonus' as const, events: ['sale' as const], measure: 'count' as const, milestones: [{ at: 2, amount: '50' }] },
      ],
    };
    const { programId, partnerId } = await partnerOf({ plan });
    const first = await seedConversion(prisma, { programId, shares: [{ partnerId }], customerId: 'cus_1', occurredAt: new Date('2026-03-01T00:00:00Z') });
    const second = await seedConversion(prisma, { programId, shares: [{ partnerId }], customerId: 'cus_1', occurredAt: new Date('2026-03-02T00:00:00Z') });
    expect((await record(first, partnerId)).created.map((c) => c.amount)).toEqual(['10.00 EUR']);
    const recorded = await record(second, partnerId);
    expect(recorded.created.map((c) => c.amount)).toEqual(['50.00 EUR']);
    expect(recorded.note).toContain('first-sale: recurring_over');
  });

  it('refuses, without retrying, a conversion that does not exist', async () => {
    const { partnerId } = await partnerOf();
    await expect(record('cnv_missing', partnerId)).rejects.toMatchObject({ type: 'NotFoundError', nonRetryable: true });
  });
});

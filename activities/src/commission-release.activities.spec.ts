import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { DEADLINE_REVIEWER_ID } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { balances, seedConversion, seedPartner, seedProgram } from './commission.fixtures';
import { createCommissionActivities } from './commissions.activities';

const AS_OF = '2026-03-10T12:05:00.000Z';
const RELEASED_AT = '2026-04-09T12:00:00.000Z';

/** Medium test: releases, the reversal guard, reviews and the paid-commission reversals, against real PostgreSQL. */
describe('commission release and review activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createCommissionActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('commission_release');
    prisma = createPrismaClient(db.url, 2);
    activities = createCommissionActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** A partner with one recorded commission per seed; answers the commission ids in order. */
  async function commissionsOf(seeds: { flagged?: boolean; amountMinor?: bigint }[], hold?: NonNullable<Parameters<typeof seedProgram>[1]>['hold']) {
    const programId = await seedProgram(prisma, { hold, reviewerEmails: ['reviewer@acme.test'] });
    const partnerId = await seedPartner(prisma, programId);
    const ids: string[] = [];
    const conversions: string[] = [];
    for (const seed of seeds) {
      const conversionId = await seedConversion(prisma, { programId, shares: [{ partnerId }], ...seed });
      conversions.push(conversionId);
      const { created } = await activities.recordCommissionsForConversion({ conversionId, partnerId, asOf: AS_OF });
      ids.push(created[0].commissionId);
    }
    const refund = (of: number, amountMinor: bigint) =>
      seedConversion(prisma, { programId, shares: [{ partnerId }], type: 'refund', amountMinor, refersToId: conversions[of] }).then((conversionId) =>
        activities.recordCommissionsForConversion({ conversionId, partnerId, asOf: AS_OF }),
      );
    return { programId, partnerId, ids, refund };
  }

  it('approves what is due once: out of pending, into approved, approvedAt the workflow time; a retry answers the same', async () => {
    const { partnerId, ids } = await commissionsOf([{}, { amountMinor: 2_500n }]);
    const request = { partnerId, commissionIds: ids, asOf: RELEASED_AT };
    const first = await activities.approveDueCommissions(request);
    expect(first).toEqual({ approvedCount: 2, approvedTotals: [{ currency: 'EUR', amountMinor: '1250' }], notApproved: [] });
    expect(await activities.approveDueCommissions(request)).toEqual(first);
    expect(await prisma.commission.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({ status: 'approved', approvedAt: new Date(RELEASED_AT) });
    expect(await prisma.ledgerEntry.count({ where: { commissionId: { in: ids } } })).toBe(6);
    expect(await balances(prisma, partnerId)).toEqual({ pending: '0', approved: '1250' });
  });

  it('never approves a commission reversed, rejected or waiting for review meanwhile', async () => {
    const { partnerId, ids, refund } = await commissionsOf([{}, { flagged: true }, {}, {}]);
    await refund(0, -10_000n);
    await activities.decideCommissionReview({ workflowId: `holds-${partnerId}`, partnerId, commissionId: ids[1], decision: 'reject', reason: 'self-referral', reviewerId: 'key_1', decidedAt: AS_OF });
    await refund(3, -4_000n); // partly reversed: the rest is approved
    const result = await activities.approveDueCommissions({ partnerId, commissionIds: ids, asOf: RELEASED_AT });
    expect(result).toEqual({
      approvedCount: 2,
      approvedTotals: [{ currency: 'EUR', amountMinor: '1600' }],
      notApproved: [
        { commissionId: ids[0], status: 'reversed' },
        { commissionId: ids[1], status: 'rejected' },
      ],
    });
    expect(await balances(prisma, partnerId)).toEqual({ pending: '0', approved: '1600' });
  });

  it('leaves a flagged commission to its review, whose decision approves once, closes the task and audits it', async () => {
    const { partnerId, ids } = await commissionsOf([{ flagged: true }]);
    expect((await activities.approveDueCommissions({ partnerId, commissionIds: ids, asOf: RELEASED_AT })).notApproved).toEqual([{ commissionId: ids[0], status: 'in_review' }]);
    const decision = { workflowId: `holds-${partnerId}`, partnerId, commissionId: ids[0], decision: 'approve' as const, reason: 'checked the order', reviewerId: 'key_2', decidedAt: AS_OF };
    const outcome = await activities.decideCommissionReview(decision);
    expect(outcome).toEqual({ outcome: 'approved', status: 'approved', amount: '10.00 EUR', currency: 'EUR', amountMinor: '1000' });
    expect(await activities.decideCommissionReview(decision)).toEqual(outcome);
    expect(await prisma.operatorTask.findFirstOrThrow({ where: { commissionId: ids[0] } })).toMatchObject({ status: 'done', decision: 'approve', decidedBy: 'key_2' });
    expect(await prisma.auditEntry.findMany({ where: { targetId: ids[0] } })).toEqual([
      expect.objectContaining({ action: 'commission.review_decided', actorType: 'operator', actorId: 'key_2', reason: 'checked the order' }),
    ]);
    expect(await balances(prisma, partnerId)).toEqual({ pending: '0', approved: '1000' });
  });

  it('rejects by the expiry rule out of pending, and does nothing to a commission no longer pending', async () => {
    const { partnerId, ids, refund } = await commissionsOf([{ flagged: true }, { flagged: true }]);
    const expiry = { workflowId: `holds-${partnerId}`, partnerId, decision: 'reject' as const, reason: 'no decision within 168 hours', reviewerId: DEADLINE_REVIEWER_ID, decidedAt: AS_OF };
    expect(await activities.decideCommissionReview({ ...expiry, commissionId: ids[0] })).toMatchObject({ outcome: 'rejected', amount: '10.00 EUR' });
    await refund(1, -10_000n);
    expect(await prisma.operatorTask.findFirstOrThrow({ where: { commissionId: ids[1] } })).toMatchObject({ status: 'done', decision: null });
    expect(await activities.decideCommissionReview({ ...expiry, commissionId: ids[1] })).toMatchObject({ outcome: 'not_pending', status: 'reversed' });
    expect(await balances(prisma, partnerId)).toEqual({ pending: '0' });
    expect((await prisma.auditEntry.findFirstOrThrow({ where: { targetId: ids[0] } })).actorType).toBe('system');
  });

  it('reverses an approved commission in approved; a paid one carries over as a negative approved balance, or is absorbed', async () => {
    for (const negativeBalance of ['carry_over', 'absorb'] as const) {
      const { partnerId, ids, refund } = await commissionsOf([{}, {}], { negativeBalance });
      await activities.approveDueCommissions({ partnerId, commissionIds: ids, asOf: RELEASED_AT });
      expect((await refund(0, -2_500n)).reversed).toEqual([expect.objectContaining({ account: 'approved', amountMinor: '-250', status: 'approved', absorbed: false })]);
      await prisma.commission.update({ where: { id: ids[1] }, data: { status: 'paid' } }); // as a payout would
      const paid = (await refund(1, -10_000n)).reversed;
      if (negativeBalance === 'carry_over') {
        expect(paid).toEqual([expect.objectContaining({ account: 'approved', amountMinor: '-1000', status: 'reversed', absorbed: false })]);
        expect(await balances(prisma, partnerId)).toEqual({ pending: '0', approved: '750' });
      } else {
        expect(paid).toEqual([expect.objectContaining({ account: 'paid', amountMinor: '0', status: 'paid', absorbed: true })]);
        expect(await balances(prisma, partnerId)).toEqual({ pending: '0', approved: '1750', paid: '0' });
      }
    }
  });

  it('records reminders and a passed expiry on the task once each, and finds the reviewers', async () => {
    const { programId, partnerId, ids } = await commissionsOf([{ flagged: true }]);
    const workflowId = `holds-${partnerId}`;
    const reminder = { commissionId: ids[0], at: '2026-03-11T12:05:00.000Z', nextAt: '2026-03-12T12:05:00.000Z' };
    expect(await activities.recordCommissionReviewReminders({ workflowId, reminders: [reminder] })).toEqual({ recorded: 1 });
    expect(await activities.recordCommissionReviewReminders({ workflowId, reminders: [reminder] })).toEqual({ recorded: 0 });
    expect(await activities.recordCommissionReviewExpired({ workflowId, commissionIds: ids, at: '2026-03-17T12:05:00.000Z' })).toEqual({ recorded: 1 });
    expect(await activities.recordCommissionReviewExpired({ workflowId, commissionIds: ids, at: '2026-03-18T12:05:00.000Z' })).toEqual({ recorded: 0 });
    expect(await prisma.operatorTask.findFirstOrThrow({ where: { commissionId: ids[0] } })).toMatchObject({
      remindedAt: new Date(reminder.at),
      remindAt: new Date(reminder.nextAt),
      deadlinePassedAt: new Date('2026-03-17T12:05:00.000Z'),
    });
    expect((await activities.loadCommissionReviewers({ programId })).recipients).toEqual(['reviewer@acme.test']);
  });

  it('records payout.threshold_reached once, when releases lift the balance to the payout minimum', async () => {
    // The program has no payout config: the built-in policy pays EUR from 50.00 (manual method).
    const { partnerId, ids } = await commissionsOf([{}, {}, {}, {}, {}, {}]); // 10.00 EUR each
    const reached = () => prisma.domainEvent.findMany({ where: { name: 'payout.threshold_reached', partnerId } });
    await activities.approveDueCommissions({ partnerId, commissionIds: ids.slice(0, 4), asOf: RELEASED_AT });
    expect(await reached()).toEqual([]); // 40.00
    const crossing = { partnerId, commissionIds: ids.slice(4, 5), asOf: RELEASED_AT };
    await activities.approveDueCommissions(crossing);
    await activities.approveDueCommissions(crossing); // a retry
    await activities.approveDueCommissions({ partnerId, commissionIds: ids.slice(5), asOf: RELEASED_AT }); // 60.00: above already
    const events = await reached();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      subjectType: 'commission',
      subjectId: ids[4],
      data: { balance: '50.00', currency: 'EUR', minimum: '50.00', payoutMethod: null, commissionIds: [ids[4]] },
      idempotencyKey: `payout.threshold_reached:${partnerId}:${ids[4]}`,
    });
  });
});

import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { DEFAULT_NOTIFICATION_RULES, DEFAULT_PAYOUT_POLICY, newId } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { seedConversion, seedPartner, seedProgram } from '../commission.fixtures';
import { domainEventOf } from '../events';
import { createNotificationRuleActivities } from '../messaging';
import { createPerformanceReviewActivities } from './performance-review.activities';

/** Monday 2026-11-23 14:00 UTC, when the schedule fires: reviews 16–22 Nov against 9–15 Nov. */
const AS_OF = '2026-11-23T14:00:00.000Z';
const PREVIOUS_WEEK = Date.parse('2026-11-10T12:00:00Z');
const REVIEWED_WEEK = Date.parse('2026-11-17T12:00:00Z');

/**
 * Medium test: the weekly review's SQL and outbox writes against real PostgreSQL, run twice as a
 * retried activity or a rerun schedule firing would.
 */
describe('weekly performance review of a program', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createPerformanceReviewActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('performance_review');
    prisma = createPrismaClient(db.url, 2);
    activities = createPerformanceReviewActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** `count` conversions of the partner, an hour apart from `from`. */
  async function conversions(programId: string, partnerId: string, count: number, from: number, type: 'sale' | 'refund' = 'sale') {
    for (let n = 0; n < count; n += 1) {
      await seedConversion(prisma, { programId, shares: [{ partnerId }], type, occurredAt: new Date(from + n * 3_600_000) });
    }
  }
  const droppedEvents = (programId: string) => prisma.domainEvent.findMany({ where: { programId, name: 'performance.dropped' }, orderBy: { id: 'asc' } });

  it('records one event for a partner whose conversions halved, none for steady, small or paused partners, and nothing new on a rerun', async () => {
    const programId = await seedProgram(prisma);
    const falling = await seedPartner(prisma, programId);
    const steady = await seedPartner(prisma, programId);
    const small = await seedPartner(prisma, programId);
    const paused = await seedPartner(prisma, programId);
    await prisma.partner.update({ where: { id: paused }, data: { stage: 'PAUSED' } });

    await conversions(programId, falling, 10, PREVIOUS_WEEK);
    await conversions(programId, falling, 5, REVIEWED_WEEK);
    await conversions(programId, falling, 3, REVIEWED_WEEK, 'refund'); // not conversions the partner brought
    await conversions(programId, falling, 4, Date.parse('2026-11-23T01:00:00Z')); // the current, unfinished week
    await conversions(programId, steady, 6, PREVIOUS_WEEK);
    await conversions(programId, steady, 6, REVIEWED_WEEK);
    await conversions(programId, small, 2, PREVIOUS_WEEK);
    await conversions(programId, paused, 8, PREVIOUS_WEEK);

    const first = await activities.reviewProgramPerformance({ programId, asOf: AS_OF });
    expect(first).toEqual({ programId, weekStart: '2026-11-16', weekEnd: '2026-11-22', partnersCompared: 3, drops: 1, recorded: 1 });
    const expected = [
      expect.objectContaining({
        programId,
        partnerId: falling,
        subjectType: 'partner',
        subjectId: falling,
        idempotencyKey: `performance.dropped:${falling}:2026-11-22`,
        occurredAt: new Date('2026-11-23T00:00:00.000Z'),
        data: { partnerId: falling, dropPercent: 50, metric: 'conversions', previous: '10', current: '5', weekStart: '2026-11-16', weekEnd: '2026-11-22' },
      }),
    ];
    expect(await droppedEvents(programId)).toEqual(expected);

    const rerun = await activities.reviewProgramPerformance({ programId, asOf: '2026-11-25T09:00:00.000Z' });
    expect(rerun).toEqual({ ...first, recorded: 0 });
    expect(await droppedEvents(programId)).toEqual(expected);
  });

  it("ends the week at Monday 00:00 in the program's time zone (its payout policy's)", async () => {
    const programId = await seedProgram(prisma);
    await prisma.configVersion.create({
      data: { id: newId('config'), programId, kind: 'payout', version: 1, document: { ...DEFAULT_PAYOUT_POLICY, timeZone: 'Europe/Berlin' }, createdBy: 'test' },
    });
    const partnerId = await seedPartner(prisma, programId);
    await conversions(programId, partnerId, 6, PREVIOUS_WEEK);
    // Sunday 23:30 UTC is Monday 00:30 in Berlin: these belong to the week under way there.
    await conversions(programId, partnerId, 6, Date.parse('2026-11-22T23:30:00Z'));

    expect(await activities.reviewProgramPerformance({ programId, asOf: AS_OF })).toMatchObject({ weekEnd: '2026-11-22', drops: 1 });
    expect((await droppedEvents(programId))[0]).toMatchObject({ occurredAt: new Date('2026-11-22T23:00:00.000Z'), data: { dropPercent: 100, previous: '6', current: '0' } });
  });

  it("reaches the program's managers by email through the default performance-drop rule", async () => {
    const programId = await seedProgram(prisma);
    await prisma.notificationRuleSet.create({
      data: { id: newId('notificationRuleSet'), programId, version: 1, document: { ...DEFAULT_NOTIFICATION_RULES, managerEmails: ['am@acme.test'] } as never, createdBy: 'test' },
    });
    const partnerId = await seedPartner(prisma, programId);
    await conversions(programId, partnerId, 12, PREVIOUS_WEEK);
    await conversions(programId, partnerId, 6, REVIEWED_WEEK);
    await activities.reviewProgramPerformance({ programId, asOf: AS_OF });

    const [event] = await droppedEvents(programId);
    const notices = createNotificationRuleActivities({ prisma, startDeliveries: async () => 0 });
    const outcome = await notices.applyNotificationRules(domainEventOf(event));
    const messages = await prisma.message.findMany({ where: { id: { in: outcome.messageIds } } });
    expect(messages).toEqual([
      expect.objectContaining({
        channel: 'email',
        recipient: 'am@acme.test',
        recipientType: 'operator',
        partnerId,
        subject: 'Performance drop: Grace',
        bodyText: expect.stringContaining(`Grace (${partnerId}) dropped 50% week over week on conversions: 12 → 6.`),
      }),
    ]);
  });

  it('lists every program for the review', async () => {
    const programId = await seedProgram(prisma);
    expect(await activities.listProgramsForPerformanceReview()).toContain(programId);
  });
});

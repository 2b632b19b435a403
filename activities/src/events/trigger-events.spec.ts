import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { seedConversion, seedPartner, seedProgram } from '../commission.fixtures';
import { createCommissionActivities } from '../commissions.activities';
import { commissionPlanUpdatedEvent, milestoneText } from './trigger-events';

const AS_OF = '2026-03-10T12:05:00.000Z';

/**
 * Medium test: the notification triggers commission recording writes to the outbox, in its own
 * transaction, against real PostgreSQL — each recording repeated as an activity retry would.
 */
describe('notification trigger events of commission recording', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createCommissionActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('trigger_events');
    prisma = createPrismaClient(db.url, 2);
    activities = createCommissionActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const record = (conversionId: string, partnerId: string) => activities.recordCommissionsForConversion({ conversionId, partnerId, asOf: AS_OF });
  const eventsOf = (partnerId: string, name: string) => prisma.domainEvent.findMany({ where: { partnerId, name }, orderBy: { id: 'asc' } });

  it('records milestone.achieved for the milestone-bonus commission only, once however often recording runs', async () => {
    const plan = {
      currency: 'EUR',
      rules: [
        { id: 'revshare', type: 'percentage' as const, events: ['sale' as const], rate: '10' },
        { id: 'sales', type: 'milestone_bonus' as const, events: ['sale' as const], measure: 'count' as const, milestones: [{ at: 2, amount: '50' }] },
      ],
    };
    const programId = await seedProgram(prisma, { plan });
    const partnerId = await seedPartner(prisma, programId);
    const first = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: new Date('2026-03-01T00:00:00Z') });
    const second = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: new Date('2026-03-02T00:00:00Z') });

    await record(first, partnerId);
    expect(await eventsOf(partnerId, 'milestone.achieved')).toEqual([]);
    const recorded = await record(second, partnerId);
    const bonus = await prisma.commission.findFirstOrThrow({ where: { conversionId: second, partnerId, kind: 'milestone_bonus' } });
    expect(recorded.created.map((c) => c.commissionId)).toContain(bonus.id);
    const expected = [
      expect.objectContaining({
        programId,
        subjectType: 'commission',
        subjectId: bonus.id,
        idempotencyKey: `milestone.achieved:${bonus.id}`,
        data: {
          milestone: '2nd sale',
          commissionId: bonus.id,
          conversionId: second,
          ruleId: 'sales/at-2',
          planRuleId: 'sales',
          measure: 'count',
          at: '2',
          amount: { amount: '50.00', currency: 'EUR' },
        },
      }),
    ];
    expect(await eventsOf(partnerId, 'milestone.achieved')).toEqual(expected);

    await record(second, partnerId);
    await record(first, partnerId);
    expect(await eventsOf(partnerId, 'milestone.achieved')).toEqual(expected);
    expect(await prisma.domainEvent.count({ where: { partnerId } })).toBe(4); // three commission.created, one milestone
  });

  it('records traffic_quality.flagged when a flagged conversion is held for review, once per conversion and partner, and nothing for a clean one', async () => {
    const programId = await seedProgram(prisma);
    const partnerId = await seedPartner(prisma, programId);
    const other = await seedPartner(prisma, programId);
    const clean = await seedConversion(prisma, { programId, shares: [{ partnerId }] });
    await record(clean, partnerId);
    expect(await eventsOf(partnerId, 'traffic_quality.flagged')).toEqual([]);

    const flagged = await seedConversion(prisma, { programId, shares: [{ partnerId }, { partnerId: other }], flagged: true });
    const { created } = await record(flagged, partnerId);
    expect(created[0].review).not.toBeNull();
    const expected = [
      expect.objectContaining({
        programId,
        partnerId,
        subjectType: 'conversion',
        subjectId: flagged,
        idempotencyKey: `traffic_quality.flagged:${flagged}:${partnerId}`,
        data: {
          reason: 'converted 3 s after the click',
          flags: ['fast_conversion'],
          conversionId: flagged,
          conversionType: 'sale',
          commissionIds: created.map((c) => c.commissionId),
        },
      }),
    ];
    expect(await eventsOf(partnerId, 'traffic_quality.flagged')).toEqual(expected);
    await record(flagged, partnerId);
    expect(await eventsOf(partnerId, 'traffic_quality.flagged')).toEqual(expected);

    // The other partner credited by the same conversion gets their own event.
    await record(flagged, other);
    expect((await eventsOf(other, 'traffic_quality.flagged')).map((e) => e.idempotencyKey)).toEqual([`traffic_quality.flagged:${flagged}:${other}`]);
  });

  it('describes milestones in words and a saved plan version for the deal-terms notice', () => {
    expect(milestoneText({ steps: ['terms: the plan', 'milestone reached: sale number 11 → bonus 5.00 EUR', 'held 30 day(s)'] })).toBe('11th sale');
    expect(milestoneText({ steps: ['milestone reached: sale/deposit number 23 → bonus 5.00 EUR'] })).toBe('23rd sale/deposit');
    expect(milestoneText({ steps: ['milestone reached: revenue 1000.00 EUR → bonus 5.00 EUR'] })).toBe('revenue 1000.00 EUR');
    const event = commissionPlanUpdatedEvent({
      id: 'cfg_1',
      programId: 'prg_1',
      version: 3,
      createdAt: new Date(AS_OF),
      document: { currency: 'EUR', rules: [{ id: 'sales', type: 'milestone_bonus' }] },
    });
    expect(event).toMatchObject({
      name: 'commission_plan.updated',
      idempotencyKey: 'commission_plan.updated:cfg_1',
      data: { planVersion: 3, summary: ' to version 3 (rules: sales (milestone bonus))' },
    });
    expect(event.partnerId).toBeUndefined();
  });
});

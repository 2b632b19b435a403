import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createLifecycleControlActivities } from './lifecycle-control.activities';

/** Medium test: operator-driven stage changes and the termination request against real PostgreSQL. */
describe('lifecycle control activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createLifecycleControlActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_control');
    prisma = createPrismaClient(db.url, 2);
    activities = createLifecycleControlActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function activePartner() {
    const programId = newId('program');
    await prisma.program.create({ data: { id: programId, slug: programId, name: 'Acme' } });
    const partnerId = newId('partner');
    await prisma.partner.create({
      data: { id: partnerId, programId, email: 'ada@example.com', name: 'Ada', country: 'GB', audienceSize: 10, type: 'content', stage: 'ACTIVE', workflowId: `partner-${partnerId}` },
    });
    return partnerId;
  }

  it('records a stage change with the operator as actor, once per step', async () => {
    const partnerId = await activePartner();
    const change = {
      partnerId, from: 'ACTIVE' as const, to: 'PAUSED' as const, reason: 'checking traffic', workflowId: `partner-${partnerId}`, step: 'paused-1',
      actor: { type: 'operator' as const, id: 'key_manager' },
    };
    expect(await activities.recordStageTransition(change)).toEqual({ recorded: true });
    expect(await activities.recordStageTransition(change)).toEqual({ recorded: false });
    expect((await prisma.partner.findUniqueOrThrow({ where: { id: partnerId } })).stage).toBe('PAUSED');
    expect(await prisma.auditEntry.findMany({ where: { targetId: partnerId } })).toEqual([
      expect.objectContaining({
        action: 'partner.stage_changed', actorType: 'operator', actorId: 'key_manager', before: { stage: 'ACTIVE' }, after: { stage: 'PAUSED' },
        reason: 'checking traffic', idempotencyKey: `partner-${partnerId}:paused-1`,
      }),
    ]);
  });

  it('records a scheduled termination once, with its category and effective time', async () => {
    const partnerId = await activePartner();
    const termination = {
      category: 'fraud' as const, reason: 'stolen cookies', requestedBy: 'key_manager', requestedAt: '2026-03-01T10:00:00.000Z',
      effectiveAt: '2026-03-02T00:00:00.000Z', windDownWorkflowId: `partner-${partnerId}-termination`,
    };
    const record = { partnerId, workflowId: `partner-${partnerId}`, termination };
    expect(await activities.recordTerminationScheduled(record)).toEqual({ recorded: true });
    expect(await activities.recordTerminationScheduled(record)).toEqual({ recorded: false });
    expect(await prisma.auditEntry.findMany({ where: { targetId: partnerId } })).toEqual([
      expect.objectContaining({
        action: 'partner.termination_scheduled', actorType: 'operator', actorId: 'key_manager', reason: 'stolen cookies',
        after: { category: 'fraud', effectiveAt: termination.effectiveAt, requestedAt: termination.requestedAt, windDownWorkflowId: termination.windDownWorkflowId },
      }),
    ]);
  });
});

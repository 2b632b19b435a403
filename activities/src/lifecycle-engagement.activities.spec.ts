import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { DEFAULT_REENGAGEMENT_CONFIG, newId } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { seedConversion, seedPartner, seedProgram } from './commission.fixtures';
import { createLifecycleEngagementActivities } from './lifecycle-engagement.activities';
import { createReengagementCycleActivities } from './reengagement-cycle.activities';

/** Medium test: the engagement watch's reads and writes against real PostgreSQL. */
describe('lifecycle engagement activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let engagement: ReturnType<typeof createLifecycleEngagementActivities>;
  let cycle: ReturnType<typeof createReengagementCycleActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_engagement');
    prisma = createPrismaClient(db.url, 2);
    engagement = createLifecycleEngagementActivities({ prisma });
    cycle = createReengagementCycleActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function click(programId: string, partnerId: string, at: string, creditable = true) {
    const linkId = newId('link');
    await prisma.link.create({ data: { id: linkId, slug: linkId.slice(-8), programId, partnerId, destination: 'https://acme.example' } });
    const id = newId('click');
    await prisma.click.create({ data: { id, at: new Date(at), linkId, partnerId, programId, isBot: !creditable, creditable } });
    return id;
  }

  it('answers the latest creditable click or credited conversion, and a policy saved for running workflows', async () => {
    const programId = await seedProgram(prisma);
    const partnerId = await seedPartner(prisma, programId);
    expect(await engagement.checkPartnerEngagement({ partnerId, programId, runningVersion: null })).toEqual({ lastActivity: null, newerPolicy: null });

    const clickId = await click(programId, partnerId, '2026-03-05T10:00:00.000Z');
    await click(programId, partnerId, '2026-03-20T10:00:00.000Z', false); // a bot: not activity
    const conversionId = await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: new Date('2026-03-04T00:00:00.000Z') });
    await seedConversion(prisma, { programId, shares: [{ partnerId }], type: 'refund', amountMinor: -100n, occurredAt: new Date('2026-03-25T00:00:00.000Z'), refersToId: conversionId });
    const check = await engagement.checkPartnerEngagement({ partnerId, programId, runningVersion: null });
    expect(check.lastActivity).toEqual({ at: '2026-03-05T10:00:00.000Z', kind: 'click', sourceId: clickId, seenBy: 'database' });

    const save = (version: number, applyTo: 'new' | 'running') =>
      prisma.configVersion.create({ data: { id: newId('config'), programId, kind: 'reengagement', version, document: { ...DEFAULT_REENGAGEMENT_CONFIG, inactivityDays: 10 + version }, applyTo, createdBy: 'test' } });
    await save(1, 'new');
    await save(2, 'running');
    await save(3, 'new');
    expect((await engagement.loadEngagementPolicy({ programId })).config).toEqual({ label: 'v3', versionId: expect.any(String), version: 3, source: 'program' });
    const adopted = await engagement.checkPartnerEngagement({ partnerId, programId, runningVersion: 1 });
    expect(adopted.newerPolicy).toMatchObject({ config: { version: 2 }, document: { inactivityDays: 12, consistency: { months: 3 } } });
    expect((await engagement.checkPartnerEngagement({ partnerId, programId, runningVersion: 2 })).newerPolicy).toBeNull();
  });

  it("measures a period: conversions, flagged ones and the partner's share of revenue in one currency, net of refunds", async () => {
    const programId = await seedProgram(prisma);
    const partnerId = await seedPartner(prisma, programId);
    const other = await seedPartner(prisma, programId);
    const at = new Date('2026-03-10T00:00:00.000Z');
    const sale = await seedConversion(prisma, { programId, shares: [{ partnerId, sharePpm: 500_000 }, { partnerId: other, sharePpm: 500_000 }], amountMinor: 20_000n, occurredAt: at });
    await seedConversion(prisma, { programId, shares: [{ partnerId }], amountMinor: 5_000n, occurredAt: at, flagged: true });
    await seedConversion(prisma, { programId, shares: [{ partnerId }], amountMinor: 9_999n, currency: 'USD', occurredAt: at });
    await seedConversion(prisma, { programId, shares: [{ partnerId }], type: 'refund', amountMinor: -1_000n, occurredAt: at, refersToId: sale });
    await seedConversion(prisma, { programId, shares: [{ partnerId }], occurredAt: new Date('2026-04-01T00:00:00.000Z') }); // next month
    const march = await engagement.measurePartnerPeriod({ partnerId, period: '2026-03', from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', currency: 'EUR' });
    expect(march).toMatchObject({ conversions: 3, flaggedConversions: 1, referredRevenueMinor: '14000', currency: 'EUR' });
  });

  it('records tier changes, engagement events and check-in tasks once each', async () => {
    const programId = await seedProgram(prisma);
    const partnerId = await seedPartner(prisma, programId);
    const workflowId = `partner-${partnerId}`;
    const change = { partnerId, workflowId, step: 'tier-2', from: 'bronze', to: 'silver', direction: 'promoted' as const, reason: '2026-03: 6 conversions' };
    expect(await engagement.recordTierChange(change)).toEqual({ recorded: true });
    expect(await engagement.recordTierChange({ ...change, to: 'gold' })).toEqual({ recorded: false });
    expect(await prisma.partner.findUniqueOrThrow({ where: { id: partnerId } })).toMatchObject({ tier: 'silver', tierChangedAt: expect.any(Date) });

    const event = { partnerId, workflowId: `${workflowId}-reengage-1`, key: 'started', action: 'reengagement.cycle_started', after: { cycle: 1 }, reason: 'quiet' };
    expect(await engagement.recordEngagementEvent(event)).toEqual({ recorded: true });
    expect(await engagement.recordEngagementEvent(event)).toEqual({ recorded: false });
    expect((await prisma.auditEntry.findMany({ where: { targetId: { in: [partnerId, workflowId] } }, orderBy: { at: 'asc' } })).map((row) => [row.action, row.targetType, row.idempotencyKey])).toEqual([
      ['partner.tier_changed', 'partner', `${workflowId}:tier-2`],
      ['reengagement.cycle_started', 'partner_engagement', `${workflowId}-reengage-1:started`],
    ]);

    const opening = { partnerId, workflowId: `${workflowId}-reengage-1`, summary: 'quiet', reason: 'no click', configVersion: 2, openedAt: '2026-03-01T00:00:00.000Z' };
    const task = await cycle.openPartnerCheckInTask(opening);
    expect(await cycle.openPartnerCheckInTask(opening)).toEqual(task);
    expect(await engagement.closePartnerCheckInTasks({ partnerId, workflowId, reason: 'active again' })).toEqual({ closed: 1 });
    expect(await prisma.operatorTask.findUniqueOrThrow({ where: { id: task.taskId } })).toMatchObject({ kind: 'partner_check_in', status: 'done', decisionReason: 'active again' });
  });

  it("reads a cycle's check: activity since its start and the snapshot's numbers", async () => {
    const programId = await seedProgram(prisma);
    const partnerId = await seedPartner(prisma, programId);
    const recent = new Date(Date.now() - 5 * 86_400_000).toISOString();
    await click(programId, partnerId, recent);
    await seedConversion(prisma, { programId, shares: [{ partnerId }], amountMinor: 4_550n, occurredAt: new Date(recent) });
    const quiet = await cycle.loadReengagementCheck({ partnerId, since: new Date().toISOString(), snapshotDays: 90, currency: 'EUR' });
    expect(quiet).toEqual({ activity: null, numbers: { days: 90, clicks: 1, conversions: 1, referredRevenue: '45.50 EUR' } });
    const active = await cycle.loadReengagementCheck({ partnerId, since: '2020-01-01T00:00:00.000Z', snapshotDays: 90, currency: null });
    expect(active.activity).toMatchObject({ kind: 'click', seenBy: 'database' });
    expect(active.numbers.referredRevenue).toBeNull();
  });
});

import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { seedConversion, seedPartner, seedProgram } from '../commission.fixtures';
import { createCommissionActivities } from '../commissions.activities';
import { createDomainEventActivities } from './domain-event.activities';
import { recordDomainEvent } from './record-domain-event';

/** Medium test: the outbox and the dispatch's database step, against real PostgreSQL. */
describe('domain events: the outbox and its dispatch', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let events: ReturnType<typeof createDomainEventActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('domain_events');
    prisma = createPrismaClient(db.url, 2);
    events = createDomainEventActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const endpoint = (programId: string, events: string[], extra: object = {}) =>
    prisma.webhookEndpoint.create({ data: { id: newId('webhookEndpoint'), programId, url: 'https://hooks.example.com/', events, secret: 'whsec_AAAA', policy: {}, createdBy: 'key_test', ...extra } });

  it('records an event once per idempotency key, in the caller\'s transaction', async () => {
    const input = { name: 'partner.approved' as const, programId: 'prg_x', partnerId: 'ptn_x', subject: { type: 'partner', id: 'ptn_x' }, data: { a: 1 }, idempotencyKey: `partner.approved:${newId('partner')}` };
    const first = await prisma.$transaction((tx) => recordDomainEvent(tx, input));
    const again = await prisma.$transaction((tx) => recordDomainEvent(tx, { ...input, data: { a: 2 } }));
    expect(again).toBe(first);
    expect(await prisma.domainEvent.findMany({ where: { idempotencyKey: input.idempotencyKey } })).toEqual([
      expect.objectContaining({ id: first, name: 'partner.approved', subjectType: 'partner', subjectId: 'ptn_x', data: { a: 1 }, dispatchedAt: null }),
    ]);
    // Rolled back with the transaction: no state change, no event.
    await expect(prisma.$transaction(async (tx) => {
      await recordDomainEvent(tx, { ...input, idempotencyKey: `${input.idempotencyKey}:rolled-back` });
      throw new Error('the producer failed');
    })).rejects.toThrow('the producer failed');
    expect(await prisma.domainEvent.count({ where: { idempotencyKey: `${input.idempotencyKey}:rolled-back` } })).toBe(0);
  });

  it('plans one delivery per enabled endpoint subscribed to the event, once', async () => {
    const programId = await seedProgram(prisma);
    const subscribed = await endpoint(programId, ['commission.approved', 'payout.paid']);
    await endpoint(programId, ['payout.paid']);
    await endpoint(programId, ['commission.approved'], { enabled: false });
    await endpoint(programId, ['commission.approved'], { deletedAt: new Date() });
    await endpoint('prg_other', ['commission.approved']);
    const eventId = await prisma.$transaction((tx) => recordDomainEvent(tx, { name: 'commission.approved', programId, idempotencyKey: `test:${newId('commission')}` }));

    const plan = await events.prepareDomainEventDispatch({ eventId });
    expect(plan.event).toMatchObject({ id: eventId, name: 'commission.approved', programId, data: {} });
    expect(plan.deliveries).toEqual([
      { deliveryId: expect.stringMatching(/^whd_/), endpointId: subscribed.id, workflowId: `webhook-${plan.deliveries[0].deliveryId}`, retry: { initialIntervalSeconds: 30, maxIntervalSeconds: 3_600, forMinutes: 4_320 } },
    ]);
    expect((await prisma.domainEvent.findUniqueOrThrow({ where: { id: eventId } })).dispatchedAt).not.toBeNull();

    // A retried dispatch answers the same deliveries, whatever changed to the endpoints since.
    await endpoint(programId, ['commission.approved']);
    expect(await events.prepareDomainEventDispatch({ eventId })).toEqual(plan);
  });

  it('plans a bulk producer\'s batch in one transaction: each event as its own dispatch would, once', async () => {
    const programId = await seedProgram(prisma);
    const subscribed = await endpoint(programId, ['payout.paid']);
    await endpoint(programId, ['payout.failed']);
    const record = (name: 'payout.paid' | 'payout.failed') => prisma.$transaction((tx) => recordDomainEvent(tx, { name, programId, idempotencyKey: `test:${name}:${newId('payout')}` }));
    const paid = await record('payout.paid');
    const other = await record('payout.paid');
    const batch = await events.prepareDomainEventDispatches({ eventIds: [other, paid, 'evt_missing'] });
    expect(batch.map((plan) => [plan.event.id, plan.deliveries.map((delivery) => delivery.endpointId)])).toEqual([
      [other, [subscribed.id]],
      [paid, [subscribed.id]],
    ]);
    expect(await prisma.domainEvent.count({ where: { id: { in: [paid, other] }, dispatchedAt: null } })).toBe(0);
    // The catch-up's single dispatch of one of them, or the batch again: the same plans, no second delivery.
    expect(await events.prepareDomainEventDispatch({ eventId: paid })).toEqual(batch[1]);
    expect(await events.prepareDomainEventDispatches({ eventIds: [other, paid] })).toEqual(batch);
    expect(await prisma.webhookDelivery.count({ where: { eventId: { in: [paid, other] } } })).toBe(2);
  });

  it('catches up on events no dispatch picked up: those older than a minute, once', async () => {
    // Against the Temporal dev server, on a task queue no worker polls: the test reads what was started.
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    const client = new Client({ connection });
    try {
      const record = (key: string) => prisma.$transaction((tx) => recordDomainEvent(tx, { name: 'payout.paid', programId: 'prg_catch_up', idempotencyKey: key }));
      const stranded = await record(`test:stranded:${randomUUID()}`);
      const recent = await record(`test:recent:${randomUUID()}`);
      await prisma.domainEvent.update({ where: { id: stranded }, data: { createdAt: new Date(Date.now() - 120_000) } });
      const sweep = () =>
        new MockActivityEnvironment({ taskQueue: `catch-up-${randomUUID()}` }, { client, logger: new DefaultLogger('ERROR') }).run(events.dispatchStrandedDomainEvents) as Promise<{ found: number; started: number }>;

      expect((await sweep()).started).toBeGreaterThanOrEqual(1);
      const started = await client.workflow.getHandle(`event-${stranded}`).describe();
      expect(started.type).toBe('domainEventDispatchWorkflow');
      await expect(client.workflow.getHandle(`event-${recent}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      // Still undispatched (no worker ran it), so found again — and not started twice.
      expect((await sweep()).found).toBeGreaterThanOrEqual(1);
      expect((await client.workflow.getHandle(`event-${stranded}`).describe()).runId).toBe(started.runId);
      await client.workflow.getHandle(`event-${stranded}`).terminate('test over');
    } finally {
      await connection.close();
    }
  });

  it('is written by the commission producers: created when priced, approved when released', async () => {
    const programId = await seedProgram(prisma, { hold: { defaultDays: 0 } });
    const partnerId = await seedPartner(prisma, programId);
    const conversionId = await seedConversion(prisma, { programId, shares: [{ partnerId }] });
    const commissions = createCommissionActivities({ prisma });
    const { created } = await commissions.recordCommissionsForConversion({ conversionId, partnerId, asOf: '2026-03-10T12:05:00.000Z' });
    await commissions.recordCommissionsForConversion({ conversionId, partnerId, asOf: '2026-03-10T12:05:00.000Z' });
    const commissionId = created[0].commissionId;
    await commissions.approveDueCommissions({ partnerId, commissionIds: [commissionId], asOf: '2026-03-11T00:00:00.000Z' });
    await commissions.approveDueCommissions({ partnerId, commissionIds: [commissionId], asOf: '2026-03-11T00:00:00.000Z' });

    const recorded = await prisma.domainEvent.findMany({ where: { subjectId: commissionId }, orderBy: { createdAt: 'asc' } });
    expect(recorded.map((event) => [event.name, event.partnerId, event.idempotencyKey])).toEqual([
      ['commission.created', partnerId, `commission.created:${commissionId}`],
      ['commission.approved', partnerId, `commission.approved:${commissionId}`],
    ]);
    expect(recorded[1].data).toEqual({ commissionId, amount: { amount: created[0].amount.split(' ')[0], currency: 'EUR' }, approvedAt: '2026-03-11T00:00:00.000Z', by: 'hold_released' });
  });
});

import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { newId, type BroadcastSegment } from '@partnerflow/domain';
import { startMailSink, type MailSink } from '../../../scripts/lib/mail-sink';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { seedConversion, seedProgram } from '../commission.fixtures';
import { createBroadcastActivities } from './index';

const activity = () => new MockActivityEnvironment({ attempt: 1 }, { logger: new DefaultLogger('ERROR') });

/** Medium test: segments resolved in PostgreSQL, messages sent through a real SMTP server. */
describe('broadcast activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let mail: MailSink;
  let activities: ReturnType<typeof createBroadcastActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('broadcasts');
    prisma = createPrismaClient(db.url, 2);
    mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
    activities = createBroadcastActivities({ prisma, mailFrom: 'Acme <partners@acme.test>', mailer: nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false }) });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await mail?.close();
    await db?.drop();
  });

  async function partner(programId: string, name: string, fields: { country?: string; type?: 'content' | 'coupon'; stage?: 'ACTIVE' | 'PAUSED' } = {}) {
    const id = newId('partner');
    await prisma.partner.create({
      data: { id, programId, email: `${name.toLowerCase()}@example.com`, name, country: fields.country ?? 'DE', audienceSize: 100, type: fields.type ?? 'content', stage: fields.stage ?? 'ACTIVE', workflowId: `partner-${id}` },
    });
    return id;
  }

  async function broadcast(programId: string, segment: Partial<BroadcastSegment>, extra: object = {}) {
    const id = newId('broadcast');
    await prisma.broadcast.create({
      data: {
        id, programId, subject: 'News for {{partnerName}}', body: 'Hello {{partnerName}} of {{programName}}.', segment: { stages: ['ACTIVE'], ...segment },
        channels: ['email', 'inbox'], ratePerMinute: 600, batchSize: 100, workflowId: `broadcast-${id}`, createdBy: 'key_test', ...extra,
      },
    });
    return id;
  }

  it('resolves a segment over type, country, stage and performance, once', async () => {
    const programId = await seedProgram(prisma);
    const ada = await partner(programId, 'Ada', { country: 'GB' });
    const bo = await partner(programId, 'Bo', { country: 'GB', type: 'coupon' });
    await partner(programId, 'Cy', { country: 'GB', stage: 'PAUSED' });
    await partner(programId, 'Di', { country: 'FR' });
    for (let i = 0; i < 3; i += 1) await seedConversion(prisma, { programId, shares: [{ partnerId: bo }], occurredAt: new Date() });
    await seedConversion(prisma, { programId, shares: [{ partnerId: ada }], occurredAt: new Date() });

    const byCountry = await broadcast(programId, { countries: ['GB'] });
    expect(await activities.resolveBroadcastRecipients({ broadcastId: byCountry })).toEqual({ recipients: 4, partners: 2 });
    const producers = await broadcast(programId, { countries: ['GB'], performance: [{ metric: 'conversions', days: 30, min: 2 }] });
    expect(await activities.resolveBroadcastRecipients({ broadcastId: producers })).toEqual({ recipients: 2, partners: 1 });
    expect((await prisma.broadcastRecipient.findMany({ where: { broadcastId: producers } })).map((r) => [r.partnerId, r.channel, r.idempotencyKey])).toEqual(
      expect.arrayContaining([[bo, 'email', `broadcast:${producers}:${bo}:email`], [bo, 'inbox', `broadcast:${producers}:${bo}:inbox`]]),
    );
    const coupons = await broadcast(programId, { types: ['coupon'] });
    expect((await activities.resolveBroadcastRecipients({ broadcastId: coupons })).partners).toBe(1);

    // Frozen at the first resolution: a partner joining the segment later is not added.
    await partner(programId, 'Ed', { country: 'GB' });
    expect(await activities.resolveBroadcastRecipients({ broadcastId: byCountry })).toEqual({ recipients: 4, partners: 2 });
  });

  it('sends each recipient its message once, even when a batch is retried; reminds only those who have not acknowledged', async () => {
    const programId = await seedProgram(prisma);
    const ids = [await partner(programId, 'Fay'), await partner(programId, 'Gus'), await partner(programId, 'Hal')];
    const broadcastId = await broadcast(programId, { partnerIds: ids }, { requireAck: true });
    await activities.resolveBroadcastRecipients({ broadcastId });

    const first = await activity().run(activities.sendBroadcastBatch, { broadcastId, limit: 4 });
    expect(first).toEqual({ processed: 4, sent: 4, failed: 0 });
    // A retry after a crash that left the rows queued although the messages went out: marked, not resent.
    await prisma.broadcastRecipient.updateMany({ where: { broadcastId, status: 'sent' }, data: { status: 'queued' } });
    expect(await activity().run(activities.sendBroadcastBatch, { broadcastId, limit: 10 })).toEqual({ processed: 6, sent: 6, failed: 0 });
    expect(await activity().run(activities.sendBroadcastBatch, { broadcastId, limit: 10 })).toEqual({ processed: 0, sent: 0, failed: 0 });

    const emails = mail.messages.filter((message) => message.subject.startsWith('News for'));
    expect(emails.map((message) => message.to[0]).sort()).toEqual(['fay@example.com', 'gus@example.com', 'hal@example.com']);
    expect(emails.find((message) => message.to[0] === 'fay@example.com')?.text).toContain('Hello Fay of Acme.');
    expect(await prisma.message.count({ where: { linkType: 'broadcast', linkId: broadcastId, channel: 'inbox', status: 'delivered' } })).toBe(3);

    await prisma.broadcastRecipient.updateMany({ where: { broadcastId, partnerId: ids[0] }, data: { acknowledgedAt: new Date() } });
    expect(await activity().run(activities.sendBroadcastReminders, { broadcastId, round: 1, limit: 10 })).toEqual({ processed: 4, sent: 4, failed: 0 });
    expect(await activity().run(activities.sendBroadcastReminders, { broadcastId, round: 1, limit: 10 })).toEqual({ processed: 0, sent: 0, failed: 0 });
    const reminders = mail.messages.filter((message) => message.subject.startsWith('Reminder: News for'));
    expect(reminders.map((message) => message.to[0]).sort()).toEqual(['gus@example.com', 'hal@example.com']);
  });

  it('records a cancellation once: who and when, the recipients nobody started on marked cancelled, those in flight left to their batch', async () => {
    const programId = await seedProgram(prisma);
    const ids = [await partner(programId, 'Ivy'), await partner(programId, 'Jo'), await partner(programId, 'Kai')];
    const broadcastId = await broadcast(programId, { partnerIds: ids }, { channels: ['inbox'], batchSize: 1 });
    await activities.resolveBroadcastRecipients({ broadcastId });
    const [sent, inFlight, untouched] = [...ids].sort();
    expect(await activity().run(activities.sendBroadcastBatch, { broadcastId, limit: 1 })).toEqual({ processed: 1, sent: 1, failed: 0 });
    // A batch that has recorded its message and not yet sent it.
    await prisma.message.create({
      data: {
        id: newId('message'), programId, partnerId: inFlight, channel: 'inbox', senderType: 'operator', recipient: inFlight, template: 'broadcast', subject: 's', bodyText: 'b',
        bodyHtml: '<p>b</p>', workflowId: `broadcast-${broadcastId}`, step: `${inFlight}:inbox`, idempotencyKey: `broadcast:${broadcastId}:${inFlight}:inbox`, linkType: 'broadcast', linkId: broadcastId,
      },
    });

    const cancellation = await activities.recordBroadcastCancellation({ broadcastId, cancelledBy: 'key_ops', requestId: 'req_1' });
    expect(cancellation).toEqual({ cancelledBy: 'key_ops', cancelledAt: expect.any(String) });
    expect(await activities.recordBroadcastCancellation({ broadcastId, cancelledBy: 'key_other' })).toEqual(cancellation);
    expect(await prisma.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).toMatchObject({ status: 'cancelled', cancelledBy: 'key_ops', cancelledAt: new Date(cancellation.cancelledAt) });
    const statuses = Object.fromEntries((await prisma.broadcastRecipient.findMany({ where: { broadcastId } })).map((row) => [row.partnerId, row.status]));
    expect(statuses).toEqual({ [sent]: 'sent', [inFlight]: 'queued', [untouched]: 'cancelled' });
    const audit = await prisma.auditEntry.findMany({ where: { action: 'broadcast.cancelled', targetId: broadcastId } });
    expect(audit).toEqual([expect.objectContaining({ actorType: 'operator', actorId: 'key_ops', requestId: 'req_1', before: { status: 'sending' }, after: expect.objectContaining({ recipientsNotSent: 1 }) })]);

    // The workflow's own steps do not undo it.
    await activities.markBroadcastSent({ broadcastId, at: new Date().toISOString() });
    expect((await prisma.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).status).toBe('cancelled');
  });

  it('resolves nobody for a broadcast cancelled before its time', async () => {
    const programId = await seedProgram(prisma);
    const broadcastId = await broadcast(programId, { partnerIds: [await partner(programId, 'Lu')] }, { scheduleAt: new Date(Date.now() + 86_400_000) });
    await activities.recordBroadcastCancellation({ broadcastId, cancelledBy: 'key_ops' });
    expect(await activities.resolveBroadcastRecipients({ broadcastId })).toEqual({ recipients: 0, partners: 0 });
    expect(await prisma.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).toMatchObject({ status: 'cancelled', resolvedAt: null });
  });
});

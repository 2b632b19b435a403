import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { startMailSink, type MailSink } from '../../../scripts/lib/mail-sink';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { seedProgram } from '../commission.fixtures';
import { recordDomainEvent } from '../events/record-domain-event';
import { createWebhookActivities } from './index';
import { pinnedLookup } from './webhook-destination';
import { postWebhook } from './webhook-http';
import { generateWebhookSecret, signWebhook } from './webhook-signature';

/** Medium test: delivery attempts against a local HTTP receiver and real PostgreSQL; the alert through a real SMTP server. */
describe('webhook delivery activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let mail: MailSink;
  let receiver: Server;
  let url: string;
  let activities: ReturnType<typeof createWebhookActivities>;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const answers: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('webhook_delivery');
    prisma = createPrismaClient(db.url, 2);
    mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(answers.shift() ?? 204).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    // (the receiver is on 127.0.0.1: the guard is lifted here, and put back where it is the subject)
    activities = createWebhookActivities({ ...mailDeps(), webhookAllowPrivateNetworks: true });
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await prisma?.$disconnect();
    await mail?.close();
    await db?.drop();
  });

  const mailDeps = () => ({ prisma, mailFrom: 'Partnerflow <no-reply@partnerflow.test>', mailer: nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false }) });

  /** An endpoint, an event and the event's delivery to it. */
  async function delivery(disable = { afterFailedAttempts: 2, afterMinutesFailing: 0 }) {
    const programId = await seedProgram(prisma);
    const secret = generateWebhookSecret();
    const endpoint = await prisma.webhookEndpoint.create({
      data: { id: newId('webhookEndpoint'), programId, url, events: ['commission.approved'], secret, policy: { disable }, alertEmails: ['ops@acme.test'], createdBy: 'key_test' },
    });
    const eventId = await prisma.$transaction((tx) => recordDomainEvent(tx, { name: 'commission.approved', programId, data: { commissionId: 'com_1' }, idempotencyKey: `test:${newId('commission')}` }));
    const id = newId('webhookDelivery');
    await prisma.webhookDelivery.create({ data: { id, endpointId: endpoint.id, eventId, eventName: 'commission.approved', programId, workflowId: `webhook-${id}` } });
    return { id, eventId, endpoint, secret };
  }

  it('POSTs the event signed per Standard Webhooks and logs the attempt', async () => {
    const { id, eventId, secret, endpoint } = await delivery();
    const outcome = await activities.attemptWebhookDelivery({ deliveryId: id, attempt: 1, retryAt: null });
    expect(outcome).toEqual({ outcome: 'succeeded', statusCode: 204, error: null, endpointDisabled: false, endpointId: endpoint.id });
    const request = received.at(-1)!;
    expect(request.headers['webhook-id']).toBe(eventId);
    expect(request.headers['webhook-signature']).toBe(signWebhook(secret, eventId, Number(request.headers['webhook-timestamp']), request.body));
    expect(JSON.parse(request.body)).toMatchObject({ id: eventId, type: 'commission.approved', data: { commissionId: 'com_1' } });
    const stored = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id }, include: { attemptLog: true } });
    expect(stored).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 204, attemptLog: [expect.objectContaining({ attempt: 1, statusCode: 204, succeeded: true })] });
    // A retried activity attempt finds its attempt logged and sends nothing.
    const before = received.length;
    expect(await activities.attemptWebhookDelivery({ deliveryId: id, attempt: 1, retryAt: null })).toMatchObject({ outcome: 'succeeded' });
    expect(received).toHaveLength(before);
  });

  it('counts failures across deliveries and disables the endpoint at the threshold, audited once, operators emailed once', async () => {
    const first = await delivery();
    answers.push(500, 502);
    expect(await activities.attemptWebhookDelivery({ deliveryId: first.id, attempt: 1, retryAt: new Date().toISOString() })).toMatchObject({ outcome: 'failed', statusCode: 500, endpointDisabled: false });
    expect(await activities.attemptWebhookDelivery({ deliveryId: first.id, attempt: 2, retryAt: null })).toMatchObject({ outcome: 'failed', statusCode: 502, endpointDisabled: true });
    const disabled = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: first.endpoint.id } });
    expect(disabled).toMatchObject({ enabled: false, consecutiveFailures: 2, disabledReason: expect.stringMatching(/^2 consecutive failed delivery attempts since /) });
    expect(await prisma.auditEntry.count({ where: { action: 'webhook_endpoint.disabled', targetId: first.endpoint.id } })).toBe(1);

    // Nothing more goes to a disabled endpoint.
    const before = received.length;
    expect(await activities.attemptWebhookDelivery({ deliveryId: first.id, attempt: 3, retryAt: null })).toMatchObject({ outcome: 'cancelled', error: expect.stringContaining('disabled') });
    expect(received).toHaveLength(before);

    await activities.notifyWebhookEndpointDisabled({ endpointId: first.endpoint.id });
    expect(await activities.notifyWebhookEndpointDisabled({ endpointId: first.endpoint.id })).toMatchObject({ notified: [] });
    const alerts = mail.messages.filter((message) => message.subject === `Webhook endpoint disabled: ${url}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].to).toEqual(['ops@acme.test']);
  });

  it('logs a receiver that cannot be reached as a failed attempt, with the error', async () => {
    const { id, endpoint } = await delivery({ afterFailedAttempts: 100, afterMinutesFailing: 0 });
    await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: 'http://127.0.0.1:9/unreachable' } });
    const outcome = await activities.attemptWebhookDelivery({ deliveryId: id, attempt: 1, retryAt: '2030-01-01T00:00:00.000Z' });
    expect(outcome).toMatchObject({ outcome: 'failed', statusCode: null, error: expect.stringMatching(/ECONNREFUSED|fetch failed/) });
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'pending', nextAttemptAt: new Date('2030-01-01T00:00:00.000Z') });
  });

  it('does not send to an internal destination: the attempt is logged with the reason, and no retry announced', async () => {
    const guarded = createWebhookActivities(mailDeps()); // the default: WEBHOOK_ALLOW_PRIVATE_NETWORKS unset
    const port = new URL(url).port;
    const cases: [string, RegExp][] = [
      [`http://localhost:${port}/hooks`, /^localhost resolves only to internal addresses \((127\.0\.0\.1|::1) is a loopback address/],
      [`http://2130706433:${port}/hooks`, /^127\.0\.0\.1 is a loopback address: webhooks are not sent to internal networks \(WEBHOOK_ALLOW_PRIVATE_NETWORKS is false\)$/],
    ];
    const before = received.length;
    for (const [target, reason] of cases) {
      const { id, endpoint } = await delivery({ afterFailedAttempts: 100, afterMinutesFailing: 0 });
      await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: target } });
      const outcome = await guarded.attemptWebhookDelivery({ deliveryId: id, attempt: 1, retryAt: '2030-01-01T00:00:00.000Z' });
      expect(outcome).toEqual({ outcome: 'refused', statusCode: null, error: expect.stringMatching(reason), endpointDisabled: false, endpointId: endpoint.id });
      const stored = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id }, include: { attemptLog: true } });
      expect(stored).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: null, lastError: outcome.error });
      expect(stored.attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: null, succeeded: false, error: outcome.error })]);
    }
    expect(received).toHaveLength(before);
  });

  it('connects to the address it checked, not to a fresh DNS answer', async () => {
    // hooks.invalid resolves nowhere: the request can only reach the receiver through the pinned address.
    const pinned = url.replace('127.0.0.1', 'hooks.invalid');
    const result = await postWebhook(pinned, { 'content-type': 'application/json' }, '{}', pinnedLookup([{ address: '127.0.0.1', family: 4 }]));
    expect(result).toMatchObject({ succeeded: true, statusCode: 204 });
    expect(received.at(-1)?.headers.host).toBe(`hooks.invalid:${new URL(url).port}`);
    expect(await postWebhook(pinned, {}, '{}')).toMatchObject({ succeeded: false, statusCode: null, error: expect.stringContaining('ENOTFOUND') });
  });
});

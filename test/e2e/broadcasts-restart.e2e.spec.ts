import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SMTPServer } from 'smtp-server';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { newId, parseEnv, type Env } from '@partnerflow/domain';
import { createApp } from '../../apps/api/src/app.factory';
import { seed } from '../../prisma/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually } from '../support/stack';

const WORKER_MAIN = path.resolve(__dirname, '../../dist/apps/worker/src/main.js');
const BUNDLE = path.resolve(__dirname, '../../dist/workflow-bundle.js');
const PARTNERS = 5_000;

/**
 * A real SMTP server that keeps, per envelope recipient, the Message-ID of every copy it accepted
 * (the dev mail sink keeps only the last 500 messages).
 */
async function startCountingSmtp() {
  const copies = new Map<string, string[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8_192) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const messageId = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '';
        for (const { address } of session.envelope.rcptTo) copies.set(address, [...(copies.get(address) ?? []), messageId]);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as { port: number }).port, copies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A broadcast to a 5,000-partner segment while the worker is SIGKILLed mid-fan-out and started
 * again: the workflow resumes from the recipients still queued and every partner ends up with
 * exactly one message per channel. SMTP cannot tell a client that died between the server's
 * "250 accepted" and its own bookkeeping, so a message in flight at the kill may be accepted
 * twice — always with the same Message-ID, the idempotency key receivers (and the partner's mail
 * client) deduplicate on; the test allows at most one such repeat per concurrent send, and counts
 * distinct Message-IDs per recipient: exactly one each.
 */
describe('a broadcast survives a worker crash mid-fan-out (end to end)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let smtp: Awaited<ReturnType<typeof startCountingSmtp>>;
  let app: NestExpressApplication;
  let env: Env;
  let worker: ChildProcess | undefined;
  const adminKey = `pf_test_${randomBytes(16).toString('base64url')}`;
  let baseUrl = '';
  const api = apiClient(() => ({ baseUrl, adminKey }));

  const startWorker = () =>
    spawn(process.execPath, [WORKER_MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: env.DATABASE_URL,
        DATABASE_POOL_SIZE: '10',
        TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: env.TEMPORAL_TASK_QUEUE,
        SMTP_PORT: String(smtp.port),
        WORKFLOW_BUNDLE_PATH: BUNDLE,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });

  beforeAll(async () => {
    const temporalAddress = process.env.TEMPORAL_ADDRESS;
    if (!temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set: run the suite with `npm test`');
    db = await createTestDatabase('broadcast_crash');
    smtp = await startCountingSmtp();
    env = parseEnv({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '4',
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: `e2e-broadcast-crash-${randomBytes(4).toString('hex')}`,
      SMTP_PORT: String(smtp.port),
      PORT: '0',
    });
    prisma = createPrismaClient(env.DATABASE_URL, 2);
    const { programId } = await seed(prisma, adminKey);
    const partner = (index: number, country: string) => {
      const id = newId('partner');
      return { id, programId, email: `p${index}@bulk.example.com`, name: `Partner ${index}`, country, audienceSize: 100, type: 'content' as const, stage: 'ACTIVE' as const, workflowId: `partner-${id}` };
    };
    await prisma.partner.createMany({ data: Array.from({ length: PARTNERS }, (_, index) => partner(index, 'DE')) });
    await prisma.partner.createMany({ data: Array.from({ length: 20 }, (_, index) => partner(PARTNERS + index, 'FR')) });
    app = await createApp(env);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    worker = startWorker();
  }, 120_000);
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await app?.close();
    await prisma?.$disconnect();
    await smtp?.close();
    await db?.drop();
  });

  it('gives each of 5,000 partners exactly one copy per channel although the worker died mid-fan-out', async () => {
    const response = await api('/v1/programs/demo/broadcasts', {
      method: 'POST',
      body: JSON.stringify({
        subject: 'Our autumn campaign, {{partnerName}}',
        body: 'New creatives are in your portal.',
        segment: { countries: ['DE'] },
        channels: ['email', 'inbox'],
        rateLimit: { perMinute: 100_000, batchSize: 250 },
      }),
    });
    expect(response.status).toBe(201);
    const { id } = await readJson(response);

    const sentBeforeKill = await eventually('a fifth of the messages to be sent', async () => {
      const sent = await prisma.broadcastRecipient.count({ where: { broadcastId: id, status: 'sent' } });
      return sent >= (PARTNERS * 2) / 5 ? sent : undefined;
    }, 120_000);
    worker!.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    const queuedAtKill = await prisma.broadcastRecipient.count({ where: { broadcastId: id, status: 'queued' } });
    expect(queuedAtKill).toBeGreaterThan(0); // the crash really was mid-fan-out
    worker = startWorker();

    const done: Json = await eventually('the broadcast to be sent', async () => {
      const body = await readJson(await api(`/v1/broadcasts/${id}`));
      return body.status === 'sent' ? body : undefined;
    }, 480_000);
    expect(done.counts).toMatchObject({ partners: PARTNERS, deliveries: { queued: 0, sent: PARTNERS * 2, failed: 0 } });
    expect(sentBeforeKill).toBeLessThan(PARTNERS * 2);

    // The record: one message per partner and channel, each sent or delivered to the inbox.
    const messages = await prisma.message.groupBy({ by: ['channel', 'status'], where: { linkType: 'broadcast', linkId: id }, _count: true });
    expect(messages.map((group) => [group.channel, group.status, group._count]).sort()).toEqual([
      ['email', 'sent', PARTNERS],
      ['inbox', 'delivered', PARTNERS],
    ]);

    // What the SMTP server accepted: every partner, one Message-ID each.
    const recipients = [...smtp.copies.keys()].filter((address) => address.endsWith('@bulk.example.com'));
    expect(recipients).toHaveLength(PARTNERS);
    const perRecipient = recipients.map((address) => new Set(smtp.copies.get(address)).size);
    expect(perRecipient.every((distinct) => distinct === 1)).toBe(true);
    const repeats = recipients.reduce((sum, address) => sum + smtp.copies.get(address)!.length - 1, 0);
    expect(repeats).toBeLessThanOrEqual(8); // at most the sends in flight when the worker died
  }, 720_000);
});

import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createActivities, createMailTransport } from '@partnerflow/activities';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { parseEnv, type Env } from '@partnerflow/domain';
import { createApp } from '../../apps/api/src/app.factory';
import { createPartnerflowWorker } from '../../apps/worker/src/create-worker';
import { seed } from '../../prisma/seed';
import { startMailSink, type MailSink } from '../../scripts/lib/mail-sink';
import { createTestDatabase, type TestDatabase } from './database';
import { workflowBundle } from './temporal';

/**
 * The whole engine for an end-to-end test: the real api (HTTP on a free port) and the real
 * worker, against the Temporal dev server and PostgreSQL that `npm test` started, and an SMTP
 * server in this process that the test reads. Each stack has its own database and task queue.
 */
export interface TestStack {
  baseUrl: string;
  adminKey: string;
  env: Env;
  prisma: PrismaClient;
  mail: MailSink;
  /** Stops the worker gracefully (as on a deploy), leaving api, Temporal and the database up. */
  stopWorker(): Promise<void>;
  /** Starts a new worker on the same task queue (after stopWorker): it replays what is open. */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** `envOverrides` sets further env variables of api and worker (e.g. a rate limit a test exercises). */
export async function startTestStack(label: string, envOverrides: Record<string, string> = {}): Promise<TestStack> {
  const temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set: run the suite with `npm test`');
  const db: TestDatabase = await createTestDatabase(label);
  const mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
  const env = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '4',
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `e2e-${label}-${randomBytes(4).toString('hex')}`,
    TEMPORAL_UI_URL: 'http://localhost:8233',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mail.smtpPort),
    PORT: '0',
    // (the tests' webhook receivers listen on 127.0.0.1)
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...envOverrides,
  });
  const prisma = createPrismaClient(env.DATABASE_URL, 2);
  const adminKey = `pf_test_${randomBytes(16).toString('base64url')}`;
  await seed(prisma, adminKey);

  const activities = createActivities({
    prisma,
    mailFrom: env.MAIL_FROM,
    mailer: createMailTransport(env),
    webhookAllowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  });
  const bundle = await workflowBundle();
  let running: { stop(): Promise<void> } | null = null;
  async function startWorker() {
    if (running) return;
    const { worker, connection } = await createPartnerflowWorker({ env, activities, workflowBundle: bundle });
    const workerRun = worker.run();
    running = {
      async stop() {
        worker.shutdown();
        await workerRun;
        await connection.close();
      },
    };
  }
  async function stopWorker() {
    const stopping = running;
    running = null;
    await stopping?.stop();
  }
  await startWorker();

  const app: NestExpressApplication = await createApp(env);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    adminKey,
    env,
    prisma,
    mail,
    stopWorker,
    startWorker,
    async stop() {
      await app.close();
      await stopWorker();
      await prisma.$disconnect();
      await mail.close();
      await db.drop();
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails with `what` after the timeout. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

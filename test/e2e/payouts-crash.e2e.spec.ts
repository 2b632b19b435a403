import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { parseEnv, type Env } from '@partnerflow/domain';
import { createApp } from '../../apps/api/src/app.factory';
import { approvedCommission, seedPayee } from '../../activities/src/payouts/payout.fixtures';
import { seed } from '../../prisma/seed';
import { startMailSink, type MailSink } from '../../scripts/lib/mail-sink';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { apiClient, readJson, type Json } from '../support/http';
import { PaymentProviderDouble } from '../support/payment-provider-double';
import { eventually } from '../support/stack';

const WORKER_MAIN = path.resolve(__dirname, '../../dist/apps/worker/src/main.js');
const BUNDLE = path.resolve(__dirname, '../../dist/workflow-bundle.js');
const STRIPE_PAYEES = 10;
const PAYPAL_PAYEES = 2;

/**
 * The worker is SIGKILLed while payouts are at the providers (one Stripe transfer made but not
 * yet answered) and started again: every partner is paid exactly once — the provider double's
 * log shows one payment per payout id, the retried request carrying the same key, PayPal's
 * "duplicate" answer to a retried batch counted as paid — and the ledger says so too.
 */
describe('payout run survives a worker crash during disbursement (end to end)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let mail: MailSink;
  let app: NestExpressApplication;
  let env: Env;
  let worker: ChildProcess | undefined;
  const double = new PaymentProviderDouble();
  const adminKey = `pf_test_${randomBytes(16).toString('base64url')}`;
  let baseUrl = '';
  const api = apiClient(() => ({ baseUrl, adminKey }));

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: { ...process.env, ...Object.fromEntries(Object.entries(workerEnv()).map(([k, v]) => [k, String(v)])) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return child;
  }
  const workerEnv = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: env.DATABASE_URL,
    DATABASE_POOL_SIZE: 4,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: env.TEMPORAL_TASK_QUEUE,
    SMTP_PORT: mail.smtpPort,
    WORKFLOW_BUNDLE_PATH: BUNDLE,
    STRIPE_API_KEY: 'sk_test_double',
    STRIPE_API_BASE: env.STRIPE_API_BASE,
    PAYPAL_CLIENT_ID: 'paypal-double',
    PAYPAL_CLIENT_SECRET: 'paypal-double-secret',
    PAYPAL_API_BASE: env.PAYPAL_API_BASE,
  });

  beforeAll(async () => {
    const temporalAddress = process.env.TEMPORAL_ADDRESS;
    if (!temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set: run the suite with `npm test`');
    db = await createTestDatabase('payouts_crash');
    mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
    const { url } = await double.start();
    env = parseEnv({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '4',
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: `e2e-payouts-crash-${randomBytes(4).toString('hex')}`,
      SMTP_PORT: String(mail.smtpPort),
      PORT: '0',
      STRIPE_API_BASE: url,
      PAYPAL_API_BASE: url,
    });
    prisma = createPrismaClient(env.DATABASE_URL, 2);
    const { programId } = await seed(prisma, adminKey);
    app = await createApp(env);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    const policy = {
      currency: 'EUR',
      methods: { stripe: { provider: 'stripe', minimum: '1.00' }, paypal: { provider: 'paypal', minimum: '1.00' } },
      approval: { autoApproveBelow: '100000.00', manualForFirstPayout: false },
      // PayPal batches are PENDING when sent: ask again within a minute (the provider suggests five).
      pendingPollMinutes: 1,
    };
    expect((await api('/v1/programs/demo/configs/payout', { method: 'PUT', body: JSON.stringify({ document: policy }) })).status).toBe(201);
    for (let i = 0; i < STRIPE_PAYEES + PAYPAL_PAYEES; i += 1) {
      const partnerId = await seedPayee(prisma, programId, { method: i < STRIPE_PAYEES ? 'stripe' : 'paypal' });
      await approvedCommission(prisma, programId, partnerId, BigInt(1_000 + i * 100), new Date(Date.now() - 86_400_000));
    }
    worker = startWorker();
  }, 120_000);
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await app?.close();
    await double.stop();
    await prisma?.$disconnect();
    await mail?.close();
    await db?.drop();
  });

  it('pays every partner exactly once although the worker died mid-disbursement', async () => {
    // One Stripe transfer is made and then never answered; PayPal answers a batch as a duplicate.
    double.failNext({ kind: 'timeout' }, { provider: 'stripe' });
    double.failNext({ kind: 'duplicate' }, { provider: 'paypal' });
    const started = await api('/v1/programs/demo/payout-runs', { method: 'POST', body: JSON.stringify({ periodEnd: new Date().toISOString().slice(0, 10) }) });
    expect(started.status).toBe(201);
    const runId = (await readJson(started)).id;

    const hung = await eventually('a transfer made and left unanswered', async () => double.requests({ provider: 'stripe', operation: 'create' }).find((request) => request.status === 0), 90_000);
    worker!.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    worker = startWorker();

    const run: Json = await eventually('the run to complete', async () => {
      const body = await readJson(await api(`/v1/payout-runs/${runId}?limit=200`));
      return body.status === 'completed' ? body : undefined;
    }, 300_000);
    const payouts: Json[] = run.payouts.items;
    expect(payouts).toHaveLength(STRIPE_PAYEES + PAYPAL_PAYEES);
    expect(payouts.every((payout) => payout.status === 'paid')).toBe(true);

    // The provider: one payment per payout id, ever; the hung one asked again with the same key.
    const paid = double.payments();
    expect(paid.map((payment) => payment.key).sort()).toEqual(payouts.map((payout) => payout.id).sort());
    expect(double.requests({ provider: 'stripe', operation: 'create', idempotencyKey: hung.idempotencyKey }).length).toBeGreaterThanOrEqual(2);
    for (const payout of payouts) expect(paid.find((payment) => payment.key === payout.id)?.amount).toBeDefined();

    // The ledger: each payout moved approved → paid once; nothing is left approved.
    const entries = await prisma.ledgerEntry.groupBy({ by: ['payoutId', 'account'], where: { kind: 'payout_paid' }, _count: { _all: true }, _sum: { amountMinor: true } });
    expect(entries).toHaveLength(payouts.length * 2);
    expect(entries.every((entry) => entry._count._all === 1)).toBe(true);
    const approved = await prisma.ledgerEntry.aggregate({ where: { account: 'approved' }, _sum: { amountMinor: true } });
    expect(approved._sum.amountMinor).toBe(0n);
    expect(await readJson(await api('/v1/programs/demo/reconciliation'))).toMatchObject({ balanced: true, orphanEntries: 0 });
  }, 480_000);
});

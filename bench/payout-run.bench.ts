import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { Pool } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, type PaymentProviderRegistry } from '@partnerflow/activities';
import { createPrismaClient } from '@partnerflow/db';
import { payoutRunWorkflowId } from '@partnerflow/domain';
import type { payoutRunWorkflow } from '@partnerflow/workflows';
import { startMailSink } from '../scripts/lib/mail-sink';
import { mb, MemorySampler } from './lib/commission-hold-seed';
import { build, freePort, migrate, ROOT, startPostgres } from './lib/services';
import { seedPayees, seedPayoutProgram } from './payout-run-seed';

/**
 * A payout run over BENCH_PARTNERS (10,000) partners with approved balances (BENCH_COMMISSIONS_PER_PARTNER
 * each), on the local stack: the Temporal dev server, a throw-away PostgreSQL, an SMTP sink, the
 * worker in this process with the real payout activities. Payments go to an in-process Stripe
 * double that answers "paid" at once (the outside API cannot be reached; its latency is not ours).
 * Measured: wall time from start to the last partner paid (every statement available), then to
 * the last partner told — the "payout processed" notice is the program's notification rule's, from
 * each payout.paid event in the outbox through the event dispatch and the message delivery
 * workflows, so it is counted with the workflows that dispatch started — and this process's peak
 * memory while the run works. Baseline, same run, same data shape on a second program: a plain
 * loop calling the same activities (snapshot batches, then waves of 25 disbursements and their
 * notices), no workflow; outside a worker its events are recorded, not dispatched (paid only).
 * Run: `node -r ./bench/register.cjs bench/payout-run.bench.ts` (BENCH_PARTNERS=200 for a quick one).
 */

const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10_000);
const PER_PARTNER = Number(process.env.BENCH_COMMISSIONS_PER_PARTNER ?? 3);
const TASK_QUEUE = 'bench-payouts';
const BATCH = 500;
const WAVE = 25;

const scripts = createRequire(path.join(ROOT, 'scripts', 'build.js'));
const { ensureTemporalCli } = scripts('./lib/temporal-binaries.js') as { ensureTemporalCli(): string };
const { startTemporalDevServer } = scripts('./lib/temporal-server.js') as {
  startTemporalDevServer(options: { cli: string; port: number; echo: boolean }): Promise<{ address: string; stop(): Promise<void> }>;
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A Stripe double in this process: pays at once, remembers each idempotency key (a repeat is answered, not paid). */
function stripeDouble() {
  const paid = new Set<string>();
  let requests = 0;
  const provider: PaymentProviderRegistry['stripe'] = {
    name: 'stripe',
    async disburse(request) {
      requests += 1;
      paid.add(request.payoutId);
      return { outcome: 'paid', providerStatus: 'paid', providerReference: `tr_${request.payoutId}` };
    },
    async checkStatus(request) {
      return { outcome: 'paid', providerStatus: 'paid', providerReference: `tr_${request.payoutId}` };
    },
  };
  return { provider, paid, requests: () => requests };
}

/** From the run's histories (every execution): how long the snapshot and the disbursement took, and how big it got. */
async function runPhases(client: Client, workflowId: string) {
  const times: Record<string, number[]> = {};
  let executions = 0;
  let events = 0;
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    executions += 1;
    const history = await client.workflow.getHandle(workflowId, execution.runId).fetchHistory();
    events += history.events?.length ?? 0;
    const scheduled = new Map<string, string>();
    for (const event of history.events ?? []) {
      const at = Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
      const type = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (type) scheduled.set(String(event.eventId), type);
      const done = event.activityTaskCompletedEventAttributes?.scheduledEventId;
      const name = type ?? (done ? scheduled.get(String(done)) : undefined);
      if (name) (times[name] ??= []).push(at);
    }
  }
  const span = (first: string, last: string) => Math.max(...(times[last] ?? [0])) - Math.min(...(times[first] ?? [0]));
  return { executions, events, snapshotMs: span('snapshotPayoutBatch', 'snapshotPayoutBatch'), disbursementMs: span('listPayoutsToDisburse', 'disbursePayout') };
}

/** Polls until `done` answers true (the notices go out after the run: dispatch and delivery workflows). */
async function until(done: () => Promise<boolean>, what: string, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Executions of each workflow type the run caused beside itself (event dispatch, webhook and message deliveries). */
async function workflowsByType(client: Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const type of ['payoutRunWorkflow', 'domainEventDispatchWorkflow', 'domainEventBatchDispatchWorkflow', 'messageDeliveryWorkflow']) {
    const { count } = await client.workflow.count(`WorkflowType = '${type}'`);
    if (count > 0) counts[type] = count;
  }
  return counts;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function main(): Promise<void> {
  await build();
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const dataDir = path.join(ROOT, '.data', 'bench', `postgres-${process.pid}`);
  const postgres = await startPostgres({ dataDir, port: await freePort(), echo: false, ephemeral: false });
  const temporal = await startTemporalDevServer({ cli: ensureTemporalCli(), port: await freePort(), echo: false });
  const mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
  const memory = new MemorySampler();
  try {
    await postgres.ensureDatabase('payout_bench');
    const databaseUrl = postgres.urlFor('payout_bench');
    await migrate(databaseUrl);
    const pool = new Pool({ connectionString: databaseUrl, max: 4 });
    const prisma = createPrismaClient(databaseUrl, 10);
    const stripe = stripeDouble();
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false, pool: true, maxConnections: 4 });
    // Every activity the worker registers: the run dispatches each wave's payout events (one batch workflow per wave).
    const activities = createActivities({ prisma, mailer, mailFrom: 'Bench <bench@partnerflow.test>', paymentProviders: { stripe: stripe.provider } });

    process.stderr.write(`› seeding 2 × ${PARTNERS} partners with ${PER_PARTNER} approved commissions each…\n`);
    const looped = await seedPayoutProgram(pool);
    await seedPayees(pool, looped, PARTNERS, PER_PARTNER);
    const viaWorkflow = await seedPayoutProgram(pool);
    await seedPayees(pool, viaWorkflow, PARTNERS, PER_PARTNER);
    const periodEnd = new Date().toISOString().slice(0, 10);
    const paidIn = async (programId: string) => (await pool.query(`SELECT count(*)::int AS n FROM payouts WHERE program_id = $1 AND status = 'paid'`, [programId])).rows[0].n as number;

    memory.reset();
    const loopMs = await timed(async () => {
      const { runId } = await activities.preparePayoutRun({ programId: looped, periodEnd, startedAt: new Date().toISOString() });
      const window = { openedAt: new Date().toISOString(), remindAt: new Date().toISOString(), escalateAt: new Date().toISOString(), deadlineAt: null };
      let after: string | null = null;
      do {
        after = (await activities.snapshotPayoutBatch({ runId, afterPartnerId: after, limit: BATCH, asOf: window.openedAt, window })).lastPartnerId;
      } while (after !== null);
      for (;;) {
        const ids = await activities.listPayoutsToDisburse({ runId, limit: WAVE });
        if (ids.length === 0) break;
        await Promise.all(ids.map((payoutId) => activities.disbursePayout({ payoutId })));
        await activities.notifyPayouts({ payoutIds: ids });
      }
    });
    const loopPeak = { rss: memory.peakRss, heap: memory.peakHeap };

    const connection = await NativeConnection.connect({ address: temporal.address });
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    const worker = await Worker.create({ connection, taskQueue: TASK_QUEUE, workflowBundle: { codePath: path.join(ROOT, 'dist', 'workflow-bundle.js') }, activities });
    memory.reset();
    const workflowId = payoutRunWorkflowId(viaWorkflow, periodEnd);
    const told = () => prisma.message.count({ where: { programId: viaWorkflow, senderId: 'rule:payout-processed', channel: 'email', status: 'sent' } });
    const started = performance.now();
    let workflowMs = 0;
    await worker.runUntil(async () => {
      await client.workflow.execute<typeof payoutRunWorkflow>('payoutRunWorkflow', { workflowId, taskQueue: TASK_QUEUE, args: [{ programId: viaWorkflow, periodEnd }] });
      workflowMs = performance.now() - started;
      await until(async () => (await told()) === PARTNERS, `${PARTNERS} payout processed emails`);
    });
    const toldMs = performance.now() - started;
    const phases = await runPhases(client, workflowId);
    const workflows = await workflowsByType(client);

    const [paidLooped, paidWorkflow, messages] = await Promise.all([paidIn(looped), paidIn(viaWorkflow), told()]);
    if (paidLooped !== PARTNERS || paidWorkflow !== PARTNERS) throw new Error(`not everyone was paid: loop ${paidLooped}, workflow ${paidWorkflow} of ${PARTNERS}`);
    if (stripe.paid.size !== 2 * PARTNERS) throw new Error(`the double was paid ${stripe.paid.size} times, not ${2 * PARTNERS}`);

    console.log(`\nPayout run over ${PARTNERS} partners × ${PER_PARTNER} approved commissions: workflow vs a plain loop over the same activities (same run).`);
    console.log(`${stripe.requests()} payment requests for ${stripe.paid.size} payouts; ${messages} "payout processed" emails (the notification rule's) sent through the SMTP sink.\n`);
    console.log('| | wall time to all paid | to all told | peak RSS | peak heap |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    console.log(`| payout run workflow (batches of ${BATCH}, waves of ${WAVE}) | ${seconds(workflowMs)} | ${seconds(toldMs)} | ${mb(memory.peakRss)} | ${mb(memory.peakHeap)} |`);
    console.log(`| plain loop, same activities | ${seconds(loopMs)} | (not dispatched) | ${mb(loopPeak.rss)} | ${mb(loopPeak.heap)} |`);
    console.log(`\nworkflow executions: ${Object.entries(workflows).map(([type, count]) => `${type} ${count}`).join(', ')}.`);
    console.log(`\nworkflow ÷ loop: ${(workflowMs / loopMs).toFixed(2)}×. The run: ${phases.executions} execution(s) (continue-as-new), ${phases.events} history events; snapshot ${seconds(phases.snapshotMs)}, disbursement ${seconds(phases.disbursementMs)}.`);
    await pool.end();
    await prisma.$disconnect();
    await connection.close();
    await client.connection.close();
  } finally {
    memory.stop();
    await mail.close();
    await temporal.stop();
    await postgres.stop();
    rmSync(postgres.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Pool } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createCommissionActivities, type Activities } from '@partnerflow/activities';
import { createPrismaClient } from '@partnerflow/db';
import { commissionHoldWorkflowId, conversionCreditedSignal, envSchema } from '@partnerflow/domain';
import type { commissionHoldWorkflow } from '@partnerflow/workflows';
import { mb, MemorySampler, seedPartners, seedProgram, seedSales, type Sale } from './lib/commission-hold-seed';
import { build, freePort, migrate, ROOT, startPostgres } from './lib/services';

/**
 * The commission hold workflow at scale, on the time-skipping test server with a worker in this
 * process and a throw-away PostgreSQL: (a) one partner with BENCH_COMMISSIONS (10,000) sales,
 * (b) BENCH_PARTNERS (10,000) partners with one sale each. Each sale's commission is recorded by
 * the workflow's activity (signals, as the api sends them), held 30 days, then released; holds end
 * at BENCH_RELEASE_GROUPS (100) distinct minutes. Baseline, same run, same data shape: a plain loop
 * calling the same two activities directly, no workflow. Reported: wall time of intake and of
 * release, and this process's memory (RSS, V8 heap).
 * Run: `node -r ./bench/register.cjs bench/commission-hold.bench.ts` (BENCH_COMMISSIONS=0 or
 * BENCH_PARTNERS=0 skips that scenario; BENCH_MAX_CACHED_WORKFLOWS sets the worker's cache).
 */

const COMMISSIONS = Number(process.env.BENCH_COMMISSIONS ?? 10_000);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10_000);
const RELEASE_GROUPS = Number(process.env.BENCH_RELEASE_GROUPS ?? 100);
/**
 * Workflows the worker keeps in memory; the default is the real worker's (WORKER_MAX_CACHED_WORKFLOWS).
 * The SDK's own default (about 2,300 here, from the heap size) runs the workflow thread out of heap
 * with thousands of open hold workflows: every cached execution holds its own copy of the bundle's
 * modules (the domain's part of it is domain/src/workflow-entry.ts; see the README's figures).
 */
const MAX_CACHED_WORKFLOWS = Number(process.env.BENCH_MAX_CACHED_WORKFLOWS ?? envSchema.shape.WORKER_MAX_CACHED_WORKFLOWS.parse(undefined));
const SIGNAL_CONCURRENCY = 32;
const TASK_QUEUE = 'bench-holds';

/** The binary `npm test` installs (scripts/lib/temporal-binaries.js): the SDK's own download cannot reach the internet here. */
const { ensureTemporalTestServer } = createRequire(path.join(ROOT, 'scripts', 'build.js'))('./lib/temporal-binaries.js') as { ensureTemporalTestServer(): string };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function inParallel<T>(items: T[], concurrency: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await run(items[next++]);
  }));
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 1_800_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Figures {
  scenario: string;
  workflowIntakeMs: number;
  loopIntakeMs: number;
  workflowReleaseMs: number;
  loopReleaseMs: number;
  rssAfterIntake: number;
  peakRss: number;
  peakHeap: number;
}

async function scenario(name: string, context: { pool: Pool; env: TestWorkflowEnvironment; activities: Activities; memory: MemorySampler }, partners: number, perPartner: number): Promise<Figures> {
  const { pool, env, activities, memory } = context;
  const programId = await seedProgram(pool);
  // The server's clock, which earlier scenarios skipped ahead: every hold ends 29 days from now.
  const start = new Date((await env.currentTimeMs()) - 86_400_000);
  const held = await seedSales(pool, programId, await seedPartners(pool, programId, partners), perPartner, { start, groups: RELEASE_GROUPS });
  const looped = await seedSales(pool, programId, await seedPartners(pool, programId, partners), perPartner, { start, groups: RELEASE_GROUPS });
  const total = held.length;
  const countOf = async (sales: Sale[], status?: string) => {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM commissions WHERE partner_id = ANY($1::text[]) ${status ? 'AND status = $2' : ''}`, [
      [...new Set(sales.map((sale) => sale.partnerId))], ...(status ? [status] : []),
    ]);
    return rows[0].n as number;
  };
  memory.reset();

  const loopIntakeMs = await timed(async () => {
    for (const sale of looped) await activities.recordCommissionsForConversion({ ...sale, asOf: new Date().toISOString() });
  });
  const credit = (sale: Sale) =>
    env.client.workflow.signalWithStart<typeof commissionHoldWorkflow, [{ conversionId: string }]>('commissionHoldWorkflow', {
      workflowId: commissionHoldWorkflowId(sale.partnerId),
      taskQueue: TASK_QUEUE,
      args: [{ partnerId: sale.partnerId, programId }],
      signal: conversionCreditedSignal,
      signalArgs: [{ conversionId: sale.conversionId }],
    });
  const intakeStarted = performance.now();
  const workflowIntakeMs = await timed(async () => {
    // Each partner's first signal starts its workflow; the rest follow concurrently. (The Java test
    // server can answer AlreadyStarted to signalWithStart calls racing a start; the real server does not.)
    const firsts = new Map(held.map((sale) => [sale.partnerId, sale] as const));
    const firstSales = new Set(firsts.values());
    await inParallel([...firstSales], SIGNAL_CONCURRENCY, credit);
    await inParallel(held.filter((sale) => !firstSales.has(sale)), SIGNAL_CONCURRENCY, credit);
    process.stderr.write(`› ${name}: ${total} signals sent after ${seconds(performance.now() - intakeStarted)}\n`);
    await until(async () => (await countOf(held)) === total, `${total} commissions recorded`);
  });
  const rssAfterIntake = memory.sample().rss;

  const loopReleaseMs = await timed(async () => {
    const { rows } = await pool.query(
      `SELECT partner_id AS "partnerId", hold_until AS "holdUntil", array_agg(id ORDER BY id) AS ids FROM commissions
       WHERE partner_id = ANY($1::text[]) GROUP BY partner_id, hold_until ORDER BY hold_until, partner_id`,
      [[...new Set(looped.map((sale) => sale.partnerId))]],
    );
    for (const row of rows as { partnerId: string; holdUntil: Date; ids: string[] }[]) {
      for (let from = 0; from < row.ids.length; from += 1_000) {
        await activities.approveDueCommissions({ partnerId: row.partnerId, commissionIds: row.ids.slice(from, from + 1_000), asOf: row.holdUntil.toISOString() });
      }
    }
  });
  // Every hold ends inside this skip; the server fires the timers one after another. Released = all
  // approved: after 10,000 holds the test server once never answered the skip itself although every
  // workflow had completed, so the skip gets a minute more after that, not forever.
  const releaseStarted = performance.now();
  const skipped = env.sleep('32 days').then(() => true, () => true);
  await until(async () => (await countOf(held, 'approved')) === total, `${total} commissions approved`);
  const workflowReleaseMs = performance.now() - releaseStarted;
  process.stderr.write(`› ${name}: ${total} commissions approved after ${seconds(workflowReleaseMs)}\n`);
  if (!(await Promise.race([skipped, new Promise<false>((resolve) => setTimeout(resolve, 60_000, false).unref())]))) {
    process.stderr.write(`› ${name}: the time skip did not return within a minute of the last approval; going on\n`);
  }
  if ((await countOf(looped, 'approved')) !== total) throw new Error('the baseline did not approve everything');
  if (partners === 1) await env.client.workflow.getHandle(commissionHoldWorkflowId(held[0].partnerId)).result(); // completes once empty
  return { scenario: name, workflowIntakeMs, loopIntakeMs, workflowReleaseMs, loopReleaseMs, rssAfterIntake, peakRss: memory.peakRss, peakHeap: memory.peakHeap };
}

async function main(): Promise<void> {
  await build();
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const dataDir = path.join(ROOT, '.data', 'bench', `postgres-${process.pid}`);
  const postgres = await startPostgres({ dataDir, port: await freePort(), echo: false, ephemeral: false });
  const memory = new MemorySampler();
  try {
    await postgres.ensureDatabase('hold_bench');
    const databaseUrl = postgres.urlFor('hold_bench');
    await migrate(databaseUrl);
    const pool = new Pool({ connectionString: databaseUrl, max: 4 });
    const prisma = createPrismaClient(databaseUrl, 10);
    const sent = { count: 0 };
    const email = async () => ({ messageId: `msg_${++sent.count}`, smtpMessageId: null, alreadySent: false });
    const activities = { ...createCommissionActivities({ prisma }), sendPartnerEmail: email, sendOperatorEmail: email } as unknown as Activities;
    const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: ensureTemporalTestServer() } } });
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUE, workflowBundle: { codePath: path.join(ROOT, 'dist', 'workflow-bundle.js') }, activities, maxCachedWorkflows: MAX_CACHED_WORKFLOWS });
    const baseline = memory.sample();
    const results: Figures[] = [];
    await worker.runUntil(async () => {
      const context = { pool, env, activities, memory };
      // (0 skips a scenario)
      if (COMMISSIONS > 0) results.push(await scenario(`1 partner × ${COMMISSIONS} commissions`, context, 1, COMMISSIONS));
      if (PARTNERS > 0) results.push(await scenario(`${PARTNERS} partners × 1 commission`, context, PARTNERS, 1));
    });
    console.log(`\nCommission hold workflow vs a plain loop over the same activities (holds end at ${RELEASE_GROUPS} distinct minutes; ${sent.count} approval emails stubbed).`);
    console.log(`Worker process at start: RSS ${mb(baseline.rss)}, heap ${mb(baseline.heapUsed)}; maxCachedWorkflows ${MAX_CACHED_WORKFLOWS}.\n`);
    console.log('| scenario | intake: workflow / loop | release: workflow / loop | release time, workflow ÷ loop | RSS after intake | peak RSS | peak heap |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      const ratio = (r.workflowReleaseMs / r.loopReleaseMs).toFixed(2);
      console.log(`| ${r.scenario} | ${seconds(r.workflowIntakeMs)} / ${seconds(r.loopIntakeMs)} | ${seconds(r.workflowReleaseMs)} / ${seconds(r.loopReleaseMs)} | ${ratio}× | ${mb(r.rssAfterIntake)} | ${mb(r.peakRss)} | ${mb(r.peakHeap)} |`);
    }
    await pool.end();
    await prisma.$disconnect();
    await env.teardown();
  } finally {
    memory.stop();
    await postgres.stop();
    rmSync(postgres.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { newId } from '@partnerflow/domain';
import { combineLoads, generateLoad, percentile, type LoadResult } from './lib/load-generator';
import { build, cpuSeconds, freePort, migrate, ROOT, ServiceProcess, startPostgres, waitForPort, type Service } from './lib/services';

/**
 * `GET /r/:slug` of the real api (built, in its own process, with every click committed to a
 * durable PostgreSQL: fsync and synchronous_commit on) against a bare Node http server answering
 * the same 302, measured in the same run with the same load generator. Both servers run at once
 * and are measured in alternating slices, so a neighbour's load on a shared machine weighs on
 * both alike. Loopback only, bounded in time. Run: `node -r ./bench/register.cjs
 * bench/click-redirect.bench.ts` (after `npm test` or `npm run dev` once, which generate the
 * Prisma client). Tunable: BENCH_SECONDS (10 per target), BENCH_ROUNDS (5 slices),
 * BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (32,64,128); BENCH_CPU_PROF=<dir> writes the api's
 * CPU profile there (`node --cpu-prof`; open it in Chrome DevTools).
 *
 * Throughput is what a server sustains once saturated. The load generator is a closed loop: each
 * connection waits for its answer before asking again, so at a fixed number of connections a
 * server whose answers wait on something other than its CPU — the api's wait for its click's
 * commit — is held to connections ÷ latency below its throughput, while the bare server is CPU-bound
 * from 32 connections on. So both are measured at each level of BENCH_CONNECTIONS, the ratio is
 * taken between their best rates, and latencies are compared at the same level.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTION_LEVELS = (process.env.BENCH_CONNECTIONS ?? '32,64,128').split(',').map(Number);
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF;
const SLUG = 'BenchLnk';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

const REDIRECT_PATH = `/r/${SLUG}?sub1=bench`;
/** Not a slug: left to Nest by the fast path and answered 404 before any lookup — what the framework alone costs. */
const NO_WORK_PATH = '/r/not.a.slug';

interface Target {
  name: string;
  port: number;
  path: string;
  connections: number;
  /** The process serving it, whose CPU time per request is reported. */
  pid: number | undefined;
}

/** One target's measured slices together, with the CPU seconds its server spent during them. */
interface Measured extends LoadResult {
  cpuSeconds: number;
}

const load = (target: Target, seconds: number) =>
  generateLoad({
    port: target.port,
    path: target.path,
    headers: { 'User-Agent': BROWSER },
    connections: target.connections,
    durationMs: seconds * 1000,
  });

/** Warms every target up, then measures them in turn, ROUNDS times; each target's slices summed. */
async function measureInterleaved(targets: Target[]): Promise<{ warmups: LoadResult[]; runs: Measured[] }> {
  const warmups: LoadResult[] = [];
  for (const target of targets) warmups.push(await load(target, WARMUP_SECONDS));
  const slices: LoadResult[][] = targets.map(() => []);
  const cpu = targets.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, target] of targets.entries()) {
      const before = cpuSeconds(target.pid);
      slices[index].push(await load(target, SECONDS / ROUNDS));
      cpu[index] += cpuSeconds(target.pid) - before;
    }
  }
  return { warmups, runs: slices.map((slice, index) => ({ ...combineLoads(slice), cpuSeconds: cpu[index] })) };
}

async function seed(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const programId = newId('program');
    const partnerId = newId('partner');
    await db.query(`INSERT INTO programs (id, slug, name) VALUES ($1, 'bench', 'Bench')`, [programId]);
    await db.query(
      `INSERT INTO config_versions (id, program_id, kind, version, document, created_by) VALUES ($1, $2, 'attribution', 1, $3, 'bench')`,
      [newId('config'), programId, JSON.stringify({ allowedDomains: ['example.com'], windowDays: 30 })],
    );
    await db.query(
      `INSERT INTO partners (id, program_id, email, name, country, audience_size, type, stage, workflow_id, updated_at)
       VALUES ($1, $2, 'bench@example.com', 'Bench', 'DE', 1, 'content', 'ACTIVE', 'partner-bench', now())`,
      [partnerId, programId],
    );
    await db.query(
      `INSERT INTO links (id, slug, program_id, partner_id, destination) VALUES ($1, $2, $3, $4, 'https://example.com/landing?utm_source=partner')`,
      [newId('link'), SLUG, programId, partnerId],
    );
  } finally {
    await db.end();
  }
}

async function countClicks(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return Number((await db.query('SELECT count(*) AS n FROM clicks')).rows[0].n);
  } finally {
    await db.end();
  }
}

/** A server in its own process on a free port, up and accepting connections. */
async function startServer(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ port: number; service: Service }> {
  const port = await freePort();
  const service = new ServiceProcess(label, process.execPath, args.map((arg) => arg.replace('$PORT', String(port))), {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    echo: false,
  });
  await waitForPort('127.0.0.1', port, { service, timeoutMs: 60_000 });
  return { port, service };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const rps = (result: LoadResult) => result.requests / (result.elapsedMs / 1000);
const redirects = (result: LoadResult) => result.statuses[302] ?? 0;

async function main(): Promise<void> {
  await build();
  const dataDir = path.join(ROOT, '.data', 'bench', `postgres-${process.pid}`);
  // Durable settings (not the test suite's fsync=off): a click counts once it survives a power cut.
  const postgres = await startPostgres({ dataDir, port: await freePort(), echo: false, ephemeral: false });
  try {
    await postgres.ensureDatabase('partnerflow_bench');
    const databaseUrl = postgres.urlFor('partnerflow_bench');
    await migrate(databaseUrl);
    await seed(databaseUrl);

    const apiEnv = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      TEMPORAL_ADDRESS: '127.0.0.1:1', // unused by redirects; the client connects lazily
      // Required in production since tax profiles; unused by redirects.
      TAX_DATA_KEY: process.env.TAX_DATA_KEY ?? randomBytes(32).toString('base64'),
    };
    const profile = CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(CPU_PROFILE_DIR)] : [];
    const bareServer = await startServer('bare', ['-r', './bench/register.cjs', 'bench/lib/bare-redirect-server.ts', '$PORT'], {});
    const apiServer = await startServer('api', [...profile, 'dist/apps/api/src/main.js'], apiEnv);
    const bareAt = (connections: number): Target => ({
      name: 'bare Node http, same 302', port: bareServer.port, path: REDIRECT_PATH, connections, pid: bareServer.service.child?.pid,
    });
    const apiAt = (connections: number): Target => ({
      name: 'api /r/:slug, click committed', port: apiServer.port, path: REDIRECT_PATH, connections, pid: apiServer.service.child?.pid,
    });
    const targets: Target[] = [
      ...CONNECTION_LEVELS.flatMap((connections) => [bareAt(connections), apiAt(connections)]),
      { ...apiAt(CONNECTION_LEVELS[0]), name: 'api 404 through Nest, no tracking work', path: NO_WORK_PATH },
    ];
    let measured: Awaited<ReturnType<typeof measureInterleaved>>;
    try {
      measured = await measureInterleaved(targets);
    } finally {
      // SIGTERM: the api's clean shutdown stores whatever it still holds before exiting.
      await Promise.all([bareServer.service.stop('SIGTERM', 30_000), apiServer.service.stop('SIGTERM', 30_000)]);
    }
    const isBare = (index: number) => targets[index].port === bareServer.port;
    const isApiRedirect = (index: number) => targets[index].port === apiServer.port && targets[index].path === REDIRECT_PATH;
    const bareRuns = measured.runs.filter((_, index) => isBare(index));
    const apiRuns = measured.runs.filter((_, index) => isApiRedirect(index));
    const apiNoWork = measured.runs[measured.runs.length - 1];
    const best = (runs: Measured[]) => Math.max(...runs.map(rps));
    const stored = await countClicks(databaseUrl);
    const answered = [...measured.warmups.filter((_, index) => isApiRedirect(index)), ...apiRuns].reduce((sum, run) => sum + redirects(run), 0);

    console.log(`\nGET /r/:slug, keep-alive connections ${CONNECTION_LEVELS.join(', ')}, ${SECONDS} s per target in ${ROUNDS} alternating slices ` +
      `after ${WARMUP_SECONDS} s warm-up, ` +
      `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}\n`);
    console.log('| target | connections | requests/s | p50 | p99 | server CPU per request | 302s | other answers, errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [index, { name, connections }] of targets.entries()) {
      const run = measured.runs[index];
      const other = run.requests - redirects(run) + run.errors;
      const cpuPerRequest = `${((1e6 * run.cpuSeconds) / run.requests).toFixed(0)} µs`;
      console.log(`| ${name} | ${connections} | ${Math.round(rps(run))} | ${ms(percentile(run.latenciesMs, 0.5))} | ${ms(percentile(run.latenciesMs, 0.99))} | ${cpuPerRequest} | ${redirects(run)} | ${other} |`);
    }
    const percentOf = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;
    console.log(`\nthroughput, the best rate of each over the levels: bare ${Math.round(best(bareRuns))}/s, api ${Math.round(best(apiRuns))}/s — ` +
      `api / bare ${percentOf(best(apiRuns), best(bareRuns))} (target ≥ 50%); at ${CONNECTION_LEVELS[0]} connections ${percentOf(rps(apiRuns[0]), rps(bareRuns[0]))}; ` +
      `Nest without tracking work / bare: ${percentOf(rps(apiNoWork), best(bareRuns))}`);
    console.log(`clicks answered with a 302: ${answered}, rows in clicks after the api stopped: ${stored}` +
      (stored === answered ? ' — every click persisted' : ' — MISMATCH'));
    if (stored !== answered) process.exitCode = 1;
  } finally {
    await postgres.stop();
    rmSync(postgres.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

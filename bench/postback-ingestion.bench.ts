import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { Client, Pool } from 'pg';
import { newId } from '@partnerflow/domain';
import { generateLoad, percentile, type LoadResult } from './lib/load-generator';
import { build, cpuSeconds, freePort, migrate, postgresCpuSeconds, ROOT, ServiceProcess, startPostgres, waitForPort } from './lib/services';

/**
 * Postback ingestion: `GET /v1/postbacks` of the built api (its own process, durable PostgreSQL:
 * fsync and synchronous_commit on) — token check, dedup, last-click attribution over the visitor's
 * clicks, fraud counts, the conversion and its share committed — against a raw `pg` loop inserting
 * rows into the same table, in the same run, each at every level of BENCH_CONNECTIONS: the loads are
 * closed loops, so a level below a target's saturation measures its latency rather than its
 * throughput; the ratio is taken between the best rates. One request in ten repeats an earlier
 * external id (a network retrying): it must answer 200 and add nothing.
 * Also reported: the CPU time each part spends per answer — the api, PostgreSQL and the load
 * generator (from /proc) — which a busy machine distorts much less than the rates.
 * Run: `node -r ./bench/register.cjs bench/postback-ingestion.bench.ts`. Tunable: BENCH_SECONDS (10),
 * BENCH_WARMUP_SECONDS (15), BENCH_CONNECTIONS (32,64,128), BENCH_NODE_ARGS (extra node flags for the api).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Long enough for V8 to finish optimising the hot path: after 2 s its compiler threads still used a
// quarter of a core, and the api's CPU per answer was a third higher than after 15 s.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);
const CONNECTION_LEVELS = (process.env.BENCH_CONNECTIONS ?? '32,64,128').split(',').map(Number);
const SECRET = 'pbs_bench-secret';
const CLICKS = 2000;
const REPEAT_EVERY = 10;

interface Seeded {
  programId: string;
  clickIds: string[];
}

async function seed(databaseUrl: string): Promise<Seeded> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const programId = newId('program');
    const partnerId = newId('partner');
    const linkId = newId('link');
    await db.query(`INSERT INTO programs (id, slug, name, postback_secret) VALUES ($1, 'bench', 'Bench', $2)`, [programId, SECRET]);
    await db.query(
      `INSERT INTO config_versions (id, program_id, kind, version, document, created_by) VALUES ($1, $2, 'attribution', 1, $3, 'bench')`,
      [newId('config'), programId, JSON.stringify({ allowedDomains: ['example.com'], windowDays: 30 })],
    );
    await db.query(
      `INSERT INTO partners (id, program_id, email, name, country, audience_size, type, stage, workflow_id, updated_at, created_at)
       VALUES ($1, $2, 'bench@example.com', 'Bench', 'DE', 1, 'content', 'ACTIVE', 'partner-bench', now(), now() - interval '60 days')`,
      [partnerId, programId],
    );
    await db.query(`INSERT INTO links (id, slug, program_id, partner_id, destination) VALUES ($1, 'BenchLnk', $2, $3, 'https://example.com/')`, [
      linkId,
      programId,
      partnerId,
    ]);
    // A visitor clicked twice: the second click is the one the postback names.
    const clickIds = Array.from({ length: CLICKS }, () => newId('click'));
    const visitors = clickIds.map(() => newId('visitor'));
    await db.query(
      `INSERT INTO clicks (id, at, link_id, partner_id, program_id, is_bot, creditable, visitor_id)
       SELECT unnest($1::text[]), now() - interval '1 hour', $2, $3, $4, false, true, unnest($5::text[])
       UNION ALL
       SELECT 'clk_early_' || v, now() - interval '2 days', $2, $3, $4, false, true, v FROM unnest($5::text[]) AS v`,
      [clickIds, linkId, partnerId, programId, visitors],
    );
    return { programId, clickIds };
  } finally {
    await db.end();
  }
}

/** Closed loops over keep-alive sockets (bench/lib/load-generator.ts), each sending its next postback on the last answer. */
function postbackLoad(port: number, connections: number, seconds: number, clickIds: string[], label: string): Promise<LoadResult> {
  return generateLoad({
    port,
    connections,
    durationMs: seconds * 1000,
    path: (n) => {
      // Every tenth request repeats an earlier, original one (maybe still in flight: a racing retry).
      const orderNumber = n % REPEAT_EVERY === REPEAT_EVERY - 1 ? n - 5 : n;
      const clickId = clickIds[orderNumber % clickIds.length];
      return `/v1/postbacks?program=bench&token=${SECRET}&click_id=${clickId}&event=sale&external_id=${label}-${orderNumber}&amount=49.99&currency=EUR`;
    },
  });
}

/** One target at one level of concurrency: its answers and the CPU spent meanwhile. */
interface Measured {
  connections: number;
  load: LoadResult;
  spent: CpuSpent;
}

/** The baseline: plain INSERTs of comparable rows into the same table, `connections` at a time. */
async function rawInsertLoad(databaseUrl: string, postgresDataDir: string, programId: string, connections: number): Promise<Measured> {
  const pool = new Pool({ connectionString: databaseUrl, max: connections });
  const latencies: number[] = [];
  let sequence = 0;
  const insertOne = async () => {
    const sentAt = performance.now();
    await pool.query(
      `INSERT INTO conversions (id, program_id, type, external_id, source, occurred_at, amount_minor, currency, attribution_outcome, attribution, commission_status)
       VALUES ($1, $2, 'sale', $3, 'postback', now(), 4999, 'EUR', 'unattributed', '{}', 'not_applicable')
       ON CONFLICT (program_id, external_id, type) DO NOTHING`,
      [newId('conversion'), programId, `raw-${sequence++}`],
    );
    latencies.push(performance.now() - sentAt);
  };
  try {
    // Every connection opened before the clock starts, as the api's are.
    await Promise.all(Array.from({ length: connections }, insertOne));
    latencies.length = 0;
    const meter = cpuMeter(postgresDataDir);
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) await insertOne();
    }));
    const elapsedMs = performance.now() - started;
    // Read before the pool ends: its backends exit with it, and their CPU time with them.
    const spent = meter.spent();
    return { connections, spent, load: { requests: latencies.length, statuses: {}, errors: 0, elapsedMs, latenciesMs: Float64Array.from(latencies).sort() } };
  } finally {
    // Ended even when a query failed, so stopping PostgreSQL afterwards cannot hit idle connections.
    await pool.end();
  }
}

async function count(databaseUrl: string, sql: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return Number((await db.query(sql)).rows[0].n);
  } finally {
    await db.end();
  }
}

const perSecond = (load: LoadResult) => load.requests / (load.elapsedMs / 1000);
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** CPU seconds spent meanwhile by the server (api or none), PostgreSQL and this process (the load). */
interface CpuSpent {
  server: number;
  postgres: number;
  load: number;
}

/**
 * Where the machine's two cores went during a measurement: the rates depend on how busy the host
 * is, the CPU each part spends per answer much less.
 */
function cpuMeter(postgresDataDir: string, serverPid?: number): { spent(): CpuSpent } {
  const read = (): CpuSpent => {
    const self = process.cpuUsage();
    return { server: serverPid === undefined ? 0 : cpuSeconds(serverPid), postgres: postgresCpuSeconds(postgresDataDir), load: (self.user + self.system) / 1e6 };
  };
  const before = read();
  return {
    spent: () => {
      const after = read();
      return { server: after.server - before.server, postgres: after.postgres - before.postgres, load: after.load - before.load };
    },
  };
}

/** E.g. `api 480 + PostgreSQL 310 + load 90 = 880 µs` (the raw loop: PostgreSQL and the loop). */
function cpuPerAnswer({ spent, load }: Measured, hasServer: boolean): string {
  const µs = (seconds: number) => ((1e6 * seconds) / load.requests).toFixed(0);
  const parts = [...(hasServer ? [`api ${µs(spent.server)}`] : []), `PostgreSQL ${µs(spent.postgres)}`, `${hasServer ? 'load' : 'loop'} ${µs(spent.load)}`];
  return `${parts.join(' + ')} = ${µs(spent.server + spent.postgres + spent.load)} µs`;
}

/** The built api in its own process, as deployed, on `databaseUrl`. */
function startApi(databaseUrl: string, port: number) {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the api process.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return new ServiceProcess('api', process.execPath, [...nodeArgs, 'dist/apps/api/src/main.js'], {
    cwd: ROOT,
    // Temporal is not needed to ingest: first-conversion signals fail in the background and are retried later.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      // Required in production; no tax data is touched here.
      TAX_DATA_KEY: process.env.TAX_DATA_KEY ?? randomBytes(32).toString('base64'),
      // One client IP and one program send everything: the per-replica flood guard is not what is measured.
      RATE_LIMIT_POSTBACKS_PER_IP: 'off',
      RATE_LIMIT_POSTBACKS_PER_KEY: 'off',
    },
    echo: false,
  });
}

async function main(): Promise<void> {
  await build();
  const dataDir = path.join(ROOT, '.data', 'bench', `postgres-${process.pid}`);
  // The raw loop's pool holds as many connections as the level; the default 100 would refuse 128.
  const settings = [`max_connections=${Math.max(...CONNECTION_LEVELS) + 100}`];
  const postgres = await startPostgres({ dataDir, port: await freePort(), echo: false, ephemeral: false, settings });
  try {
    await postgres.ensureDatabase('partnerflow_bench');
    const databaseUrl = postgres.urlFor('partnerflow_bench');
    await migrate(databaseUrl);
    const { programId, clickIds } = await seed(databaseUrl);

    const raws: Measured[] = [];
    for (const connections of CONNECTION_LEVELS) raws.push(await rawInsertLoad(databaseUrl, postgres.dataDir, programId, connections));

    const port = await freePort();
    const api = startApi(databaseUrl, port);
    const runs: Measured[] = [];
    let warmup: LoadResult;
    try {
      await waitForPort('127.0.0.1', port, { service: api, timeoutMs: 60_000 });
      warmup = await postbackLoad(port, Math.max(...CONNECTION_LEVELS), WARMUP_SECONDS, clickIds, 'warm');
      for (const connections of CONNECTION_LEVELS) {
        const meter = cpuMeter(postgres.dataDir, api.child?.pid);
        const load = await postbackLoad(port, connections, SECONDS, clickIds, `run${connections}`);
        runs.push({ connections, load, spent: meter.spent() });
      }
    } finally {
      await api.stop('SIGTERM', 30_000);
    }

    const answered = (status: number) => [warmup, ...runs.map((run) => run.load)].reduce((sum, load) => sum + (load.statuses[status] ?? 0), 0);
    const created = answered(201);
    const repeats = answered(200);
    const other = [warmup, ...runs.map((run) => run.load)].reduce((sum, load) => sum + load.requests, 0) - created - repeats;
    const stored = await count(databaseUrl, `SELECT count(*) AS n FROM conversions WHERE external_id NOT LIKE 'raw-%'`);
    const shares = await count(databaseUrl, `SELECT count(*) AS n FROM conversion_shares`);

    console.log(`\nconversions ingested, ${SECONDS} s per level (api after ${WARMUP_SECONDS} s warm-up), ` +
      `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}\n`);
    console.log('| target | connections | per second | p50 | p99 | CPU per answer (user + system) |');
    console.log('| --- | ---: | ---: | ---: | ---: | --- |');
    const row = (name: string, measured: Measured, hasServer: boolean) =>
      console.log(`| ${name} | ${measured.connections} | ${Math.round(perSecond(measured.load))} | ${ms(percentile(measured.load.latenciesMs, 0.5))} | ` +
        `${ms(percentile(measured.load.latenciesMs, 0.99))} | ${cpuPerAnswer(measured, hasServer)} |`);
    raws.forEach((raw, level) => {
      row('raw pg INSERT into conversions', raw, false);
      row('api GET /v1/postbacks', runs[level], true);
    });
    const best = (measured: Measured[]) => Math.max(...measured.map((m) => perSecond(m.load)));
    console.log(`\nthroughput: api ${Math.round(best(runs))}/s, raw insert ${Math.round(best(raws))}/s, ` +
      `api / raw ${((100 * best(runs)) / best(raws)).toFixed(0)}%; target ≥ 2,000 conversions/s; load average at the end: ${loadavg()[0].toFixed(1)}`);
    console.log(`201 answers: ${created}, repeats answered 200: ${repeats}, other answers: ${other}, conversions stored: ${stored}, shares stored: ${shares}` +
      (stored === created && shares === created && other === 0 ? ' — each accepted once, repeats added nothing' : ' — MISMATCH'));
    if (stored !== created || shares !== created || other !== 0) process.exitCode = 1;
  } finally {
    await postgres.stop();
    rmSync(postgres.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { Client, Pool } from 'pg';
import { newId } from '@partnerflow/domain';
import { build, cpuSeconds, freePort, migrate, ROOT, ServiceProcess, startPostgres, waitForPort } from './lib/services';

/**
 * Postback ingestion: `GET /v1/postbacks` of the built api (its own process, durable PostgreSQL:
 * fsync and synchronous_commit on) — token check, dedup, last-click attribution over the visitor's
 * clicks, fraud counts, the conversion and its share committed — against a raw `pg` loop inserting
 * rows into the same table with the same concurrency, in the same run. One request in ten repeats
 * an earlier external id (a network retrying): it must answer 200 and add nothing.
 * Also reported: the api's CPU time per answer over the measured run (from /proc), which a busy
 * machine distorts much less than the rates.
 * Run: `node -r ./bench/register.cjs bench/postback-ingestion.bench.ts`. Tunable: BENCH_SECONDS (10),
 * BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (32), BENCH_NODE_ARGS (extra node flags for the api).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
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

interface Tally {
  requests: number;
  statuses: Record<number, number>;
  latencies: number[];
  elapsedMs: number;
}

/** CONNECTIONS closed loops over keep-alive sockets, each sending its next postback on the last answer. */
async function postbackLoad(port: number, seconds: number, clickIds: string[], label: string): Promise<Tally> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const tally: Tally = { requests: 0, statuses: {}, latencies: [], elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let sequence = 0;
  const one = (pathAndQuery: string) =>
    new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: pathAndQuery, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end();
    });
  const loop = async () => {
    while (performance.now() < deadline) {
      const n = sequence++;
      // Every tenth request repeats an earlier, original one (maybe still in flight: a racing retry).
      const orderNumber = n % REPEAT_EVERY === REPEAT_EVERY - 1 ? n - 5 : n;
      const clickId = clickIds[orderNumber % clickIds.length];
      const query = `program=bench&token=${SECRET}&click_id=${clickId}&event=sale&external_id=${label}-${orderNumber}&amount=49.99&currency=EUR`;
      const sentAt = performance.now();
      const status = await one(`/v1/postbacks?${query}`);
      tally.latencies.push(performance.now() - sentAt);
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      tally.requests += 1;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  tally.elapsedMs = performance.now() - started;
  agent.destroy();
  return tally;
}

/** The baseline: plain INSERTs of comparable rows into the same table, CONNECTIONS at a time. */
async function rawInsertLoad(databaseUrl: string, programId: string, seconds: number): Promise<Tally> {
  const pool = new Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  const tally: Tally = { requests: 0, statuses: {}, latencies: [], elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let sequence = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      const sentAt = performance.now();
      await pool.query(
        `INSERT INTO conversions (id, program_id, type, external_id, source, occurred_at, amount_minor, currency, attribution_outcome, attribution, commission_status)
         VALUES ($1, $2, 'sale', $3, 'postback', now(), 4999, 'EUR', 'unattributed', '{}', 'not_applicable')
         ON CONFLICT (program_id, external_id, type) DO NOTHING`,
        [newId('conversion'), programId, `raw-${sequence++}`],
      );
      tally.latencies.push(performance.now() - sentAt);
      tally.requests += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  } finally {
    // Ended even when a query failed, so stopping PostgreSQL afterwards cannot hit idle connections.
    await pool.end();
  }
  tally.elapsedMs = performance.now() - started;
  return tally;
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

const perSecond = (tally: Tally) => tally.requests / (tally.elapsedMs / 1000);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  await build();
  const dataDir = path.join(ROOT, '.data', 'bench', `postgres-${process.pid}`);
  // The raw loop's pool holds CONNECTIONS connections; the default 100 would refuse it from 128 on.
  const settings = [`max_connections=${CONNECTIONS + 100}`];
  const postgres = await startPostgres({ dataDir, port: await freePort(), echo: false, ephemeral: false, settings });
  try {
    await postgres.ensureDatabase('partnerflow_bench');
    const databaseUrl = postgres.urlFor('partnerflow_bench');
    await migrate(databaseUrl);
    const { programId, clickIds } = await seed(databaseUrl);

    const raw = await rawInsertLoad(databaseUrl, programId, SECONDS);

    const port = await freePort();
    // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the api process.
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const api = new ServiceProcess('api', process.execPath, [...nodeArgs, 'dist/apps/api/src/main.js'], {
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
    const apiPid = api.child?.pid;
    let warmup: Tally;
    let run: Tally;
    let apiCpu: number;
    try {
      await waitForPort('127.0.0.1', port, { service: api, timeoutMs: 60_000 });
      warmup = await postbackLoad(port, WARMUP_SECONDS, clickIds, 'warm');
      const cpuBefore = cpuSeconds(apiPid);
      run = await postbackLoad(port, SECONDS, clickIds, 'run');
      apiCpu = cpuSeconds(apiPid) - cpuBefore;
    } finally {
      await api.stop('SIGTERM', 30_000);
    }
    const created = (warmup.statuses[201] ?? 0) + (run.statuses[201] ?? 0);
    const repeats = (warmup.statuses[200] ?? 0) + (run.statuses[200] ?? 0);
    const stored = await count(databaseUrl, `SELECT count(*) AS n FROM conversions WHERE external_id NOT LIKE 'raw-%'`);
    const shares = await count(databaseUrl, `SELECT count(*) AS n FROM conversion_shares`);
    const other = run.requests - (run.statuses[201] ?? 0) - (run.statuses[200] ?? 0);

    console.log(`\nconversions ingested, ${CONNECTIONS} concurrent, ${SECONDS} s (api after ${WARMUP_SECONDS} s warm-up), ` +
      `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}\n`);
    console.log('| target | per second | p50 | p99 | answers |');
    console.log('| --- | ---: | ---: | ---: | --- |');
    console.log(`| raw pg INSERT into conversions | ${Math.round(perSecond(raw))} | ${ms(percentile(raw.latencies, 0.5))} | ${ms(percentile(raw.latencies, 0.99))} | ${raw.requests} rows |`);
    console.log(`| api GET /v1/postbacks | ${Math.round(perSecond(run))} | ${ms(percentile(run.latencies, 0.5))} | ${ms(percentile(run.latencies, 0.99))} | ${run.statuses[201] ?? 0} × 201, ${run.statuses[200] ?? 0} × 200 (repeats), ${other} other |`);
    console.log(`\napi / raw insert: ${((100 * perSecond(run)) / perSecond(raw)).toFixed(0)}%; target ≥ 2,000 conversions/s`);
    console.log(`api CPU per answer: ${((1e6 * apiCpu) / run.requests).toFixed(0)} µs (user + system, measured run); load average at the end: ${loadavg()[0].toFixed(1)}`);
    console.log(`201 answers: ${created}, repeats answered 200: ${repeats}, conversions stored: ${stored}, shares stored: ${shares}` +
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

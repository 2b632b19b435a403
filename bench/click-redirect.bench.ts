import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { newId } from '@partnerflow/domain';
import { generateLoad, percentile, type LoadResult } from './lib/load-generator';

/**
 * `GET /r/:slug` of the real api (built, in its own process, with every click committed to a
 * durable PostgreSQL: fsync and synchronous_commit on) against a bare Node http server answering
 * the same 302, measured in the same run with the same load generator. Loopback only, bounded in
 * time. Run: `node -r ./bench/register.cjs bench/click-redirect.bench.ts` (after `npm test` or
 * `npm run dev` once, which generate the Prisma client). Tunable: BENCH_SECONDS (10),
 * BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (32).
 */

const ROOT = path.resolve(__dirname, '..');
const scripts = createRequire(path.join(ROOT, 'scripts', 'build.js'));

interface Service {
  running: boolean;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: string | null }>;
  describeExit(): string;
}
type ServiceConstructor = new (name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; echo?: boolean }) => Service;
interface Postgres {
  dataDir: string;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

const { build } = scripts('./build.js') as { build(): Promise<unknown> };
const { startPostgres } = scripts('./lib/postgres.js') as {
  startPostgres(options: { dataDir: string; port: number; echo: boolean; ephemeral: boolean }): Promise<Postgres>;
};
const { ServiceProcess } = scripts('./lib/processes.js') as { ServiceProcess: ServiceConstructor };
const { freePort, waitForPort } = scripts('./lib/readiness.js') as {
  freePort(): Promise<number>;
  waitForPort(host: string, port: number, options: { service: Service; timeoutMs: number }): Promise<void>;
};

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SLUG = 'BenchLnk';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

const REDIRECT_PATH = `/r/${SLUG}?sub1=bench`;
/** Not a slug: answered 404 before any lookup — what the api costs without the tracking work. */
const NO_WORK_PATH = '/r/not.a.slug';

interface Measured {
  name: string;
  warmup: LoadResult;
  run: LoadResult;
}

async function measure(name: string, port: number, path: string): Promise<Measured> {
  const load = (seconds: number) =>
    generateLoad({ port, path, headers: { 'User-Agent': BROWSER }, connections: CONNECTIONS, durationMs: seconds * 1000 });
  const warmup = await load(WARMUP_SECONDS);
  const run = await load(SECONDS);
  return { name, warmup, run };
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

async function runTarget(label: string, args: string[], env: NodeJS.ProcessEnv, runs: { name: string; path: string }[]): Promise<Measured[]> {
  const port = await freePort();
  const service = new ServiceProcess(label, process.execPath, [...args.map((arg) => arg.replace('$PORT', String(port)))], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    echo: false,
  });
  try {
    await waitForPort('127.0.0.1', port, { service, timeoutMs: 60_000 });
    const results: Measured[] = [];
    for (const run of runs) results.push(await measure(run.name, port, run.path));
    return results;
  } finally {
    // SIGTERM: the api's clean shutdown stores whatever it still holds before exiting.
    await service.stop('SIGTERM', 30_000);
  }
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
    const migrate = new ServiceProcess('migrate', process.execPath, ['dist/prisma/migrate.js'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, echo: false });
    if ((await migrate.exited).code !== 0) throw new Error(migrate.describeExit());
    await seed(databaseUrl);

    const [bare] = await runTarget('bare', ['-r', './bench/register.cjs', 'bench/lib/bare-redirect-server.ts', '$PORT'], {}, [
      { name: 'bare Node http, same 302', path: REDIRECT_PATH },
    ]);
    const apiEnv = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      TEMPORAL_ADDRESS: '127.0.0.1:1', // unused by redirects; the client connects lazily
    };
    const [api, apiNoWork] = await runTarget('api', ['dist/apps/api/src/main.js'], apiEnv, [
      { name: 'api /r/:slug, click committed', path: REDIRECT_PATH },
      { name: 'api 404, no tracking work', path: NO_WORK_PATH },
    ]);
    const stored = await countClicks(databaseUrl);
    const answered = redirects(api.warmup) + redirects(api.run);

    console.log(`\nGET /r/:slug, ${CONNECTIONS} keep-alive connections, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, ` +
      `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}\n`);
    console.log('| target | requests/s | p50 | p99 | 302s | other answers, errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const { name, run } of [bare, api, apiNoWork]) {
      const other = run.requests - redirects(run) + run.errors;
      console.log(`| ${name} | ${Math.round(rps(run))} | ${ms(percentile(run.latenciesMs, 0.5))} | ${ms(percentile(run.latenciesMs, 0.99))} | ${redirects(run)} | ${other} |`);
    }
    console.log(`\napi / bare throughput: ${((100 * rps(api.run)) / rps(bare.run)).toFixed(0)}% (target ≥ 50%); ` +
      `api without tracking work / bare: ${((100 * rps(apiNoWork.run)) / rps(bare.run)).toFixed(0)}%`);
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

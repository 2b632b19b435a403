import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The repository's own build and service scripts (plain CommonJS under scripts/), typed for the
 * benchmarks: build the code, run a throw-away PostgreSQL, start and stop processes, find ports.
 */

export const ROOT = path.resolve(__dirname, '..', '..');
const scripts = createRequire(path.join(ROOT, 'scripts', 'build.js'));

export interface Service {
  running: boolean;
  /** The spawned process (ServiceProcess keeps it as `child`). */
  child?: { pid?: number };
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: string | null }>;
  describeExit(): string;
}
type ServiceConstructor = new (name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; echo?: boolean }) => Service;

export interface Postgres {
  dataDir: string;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

export const { build } = scripts('./build.js') as { build(): Promise<unknown> };
export const { startPostgres } = scripts('./lib/postgres.js') as {
  startPostgres(options: { dataDir: string; port: number; echo: boolean; ephemeral: boolean; settings?: string[] }): Promise<Postgres>;
};
export const { ServiceProcess } = scripts('./lib/processes.js') as { ServiceProcess: ServiceConstructor };
export const { freePort, waitForPort } = scripts('./lib/readiness.js') as {
  freePort(): Promise<number>;
  waitForPort(host: string, port: number, options: { service: Service; timeoutMs: number }): Promise<void>;
};

/** Applies the migrations to `databaseUrl` with the built migrator (run `build()` first). */
export async function migrate(databaseUrl: string): Promise<void> {
  const run = new ServiceProcess('migrate', process.execPath, ['dist/prisma/migrate.js'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    echo: false,
  });
  if ((await run.exited).code !== 0) throw new Error(run.describeExit());
}

/** A process's parent and the CPU seconds (user + system) it has used so far, from /proc/<pid>/stat. */
function processStat(pid: number | string | undefined): { parentPid: number; cpuSeconds: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { parentPid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 };
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where there is none. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    return processStat(pid).cpuSeconds;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds used so far by the PostgreSQL server of `dataDir`: its postmaster and every process
 * it started (backends, WAL writer, checkpointer), from /proc; NaN where there is none. A backend
 * that exits between two readings takes its time with it, so compare readings of a steady pool.
 */
export function postgresCpuSeconds(dataDir: string): number {
  try {
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let total = processStat(postmaster).cpuSeconds;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = processStat(entry);
        if (stat.parentPid === postmaster) total += stat.cpuSeconds;
      } catch {
        // the process ended meanwhile
      }
    }
    return total;
  } catch {
    return Number.NaN;
  }
}

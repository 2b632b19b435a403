import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

/**
 * The project's migrate command: applies prisma/migrations/<name>/migration.sql in name order.
 * It keeps its history in Prisma's own `_prisma_migrations` table, takes Prisma's advisory lock
 * and computes Prisma's checksums, so `prisma migrate deploy` can take over (and vice versa)
 * wherever Prisma's native schema engine is available.
 */

/** The key `prisma migrate` locks on, so this runner and Prisma's also exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's own DDL for its history table (schema-engine, PostgreSQL flavour). */
const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationRunResult {
  applied: string[];
  alreadyApplied: string[];
}

interface HistoryRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  logs: string | null;
}

/** Thrown when migrating would be unsafe; the message tells the operator what to do. */
export class MigrationRefusedError extends Error {
  override name = 'MigrationRefusedError';
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Like Prisma, accept a file whose only change is LF <-> CRLF (git may rewrite line endings). */
function matchesChecksum(sql: string, checksum: string): boolean {
  const variants = [sql, sql.replace(/\r\n/g, '\n'), sql.replace(/\r?\n/g, '\r\n')];
  return variants.some((variant) => migrationChecksum(variant) === checksum);
}

/** The repository root: the nearest ancestor with both package.json and prisma/migrations. */
export function defaultMigrationsDir(startDir = __dirname): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(`No prisma/migrations folder found in ${startDir} or any parent directory`);
    }
  }
}

export function readMigrationFiles(migrationsDir: string): MigrationFile[] {
  const names = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // byte order, as Prisma sorts; not locale order
  return names.map((name) => {
    const file = join(migrationsDir, name, 'migration.sql');
    if (!existsSync(file)) throw new MigrationRefusedError(`Migration folder ${name} has no migration.sql`);
    const sql = readFileSync(file, 'utf8');
    return { name, sql, checksum: migrationChecksum(sql) };
  });
}

export async function applyMigrations(
  databaseUrl: string,
  migrationsDir = defaultMigrationsDir(),
  log: (line: string) => void = console.log,
): Promise<MigrationRunResult> {
  const migrations = readMigrationFiles(migrationsDir);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await acquireMigrationLock(client, log);
    const history = await readHistory(client);
    const applied = new Map(history.map((row) => [row.migration_name, row]));
    refuseUnsafeHistory(history, migrations);

    const result: MigrationRunResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      if (applied.has(migration.name)) {
        result.alreadyApplied.push(migration.name);
        continue;
      }
      const startedAt = Date.now();
      await applyOne(client, migration);
      log(`Applied migration ${migration.name} (${Date.now() - startedAt} ms)`);
      result.applied.push(migration.name);
    }
    log(
      `${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied.` +
        (result.applied.length === 0 ? ' The database is up to date.' : ''),
    );
    return result;
  } finally {
    // Ending the session releases the session-level advisory lock as well.
    await client.end();
  }
}

async function acquireMigrationLock(client: Client, log: (line: string) => void): Promise<void> {
  const attempt = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
    PRISMA_ADVISORY_LOCK_KEY,
  ]);
  if (attempt.rows[0]?.locked) return;
  log('Another process is migrating this database; waiting for it to finish...');
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
}

/** The rows that count: a migration marked rolled back is to be applied again, as in Prisma. */
async function readHistory(client: Client): Promise<HistoryRow[]> {
  const existing = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!existing.rows[0].present) {
    // Prisma's P3005: a database with tables but no history needs a baseline, not a blind replay.
    const tables = await client.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()`,
    );
    if (tables.rows[0].n > 0) {
      throw new MigrationRefusedError(
        'The database schema is not empty but has no _prisma_migrations table. ' +
          'Baseline it first (record the already-present migrations) instead of applying them again.',
      );
    }
    await client.query(CREATE_HISTORY_TABLE);
  }
  const rows = await client.query<HistoryRow>(
    `SELECT id, migration_name, checksum, finished_at, logs FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`,
  );
  return rows.rows;
}

function refuseUnsafeHistory(history: HistoryRow[], migrations: MigrationFile[]): void {
  const failed = history.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationRefusedError(
      `Migration ${failed.migration_name} was started but never finished (a previous run failed or was ` +
        `interrupted${failed.logs ? `: ${failed.logs}` : ''}); its changes were rolled back with its transaction. Fix the ` +
        `cause, then mark it rolled back so it is applied again: UPDATE "_prisma_migrations" SET ` +
        `rolled_back_at = now() WHERE id = '${failed.id}'; (or: prisma migrate resolve --rolled-back ` +
        `${failed.migration_name})`,
    );
  }
  const files = new Map(migrations.map((migration) => [migration.name, migration]));
  const edited = history.filter((row) => {
    const file = files.get(row.migration_name);
    return file !== undefined && !matchesChecksum(file.sql, row.checksum);
  });
  if (edited.length > 0) {
    const names = edited.map((row) => row.migration_name).join(', ');
    throw new MigrationRefusedError(
      `Already-applied migration(s) were modified after they were applied: ${names}. Applied migrations ` +
        'must never change; restore the original file(s) and put the change in a new migration.',
    );
  }
}

/**
 * Records the attempt first and commits it, as Prisma does, so a run that dies mid-migration leaves a
 * visible unfinished row; then the script and its "finished" mark commit together, or not at all.
 */
async function applyOne(client: Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Best effort: if the connection itself is gone, the script's error is still the one to report.
    await client.query('ROLLBACK').catch(() => undefined);
    await client
      .query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message])
      .catch(() => undefined);
    throw new MigrationRefusedError(`Migration ${migration.name} failed and was rolled back: ${message}`);
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new MigrationRefusedError('DATABASE_URL is not set');
  await applyMigrations(databaseUrl);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const refused = error instanceof MigrationRefusedError;
    const message = error instanceof Error ? error.message : String(error);
    console.error(refused ? `Migration refused: ${message}` : `Migration failed: ${message}`);
    process.exitCode = 1;
  });
}

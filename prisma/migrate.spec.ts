import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createEmptyDatabase, TestDatabase } from '../test/support/database';
import {
  applyMigrations,
  defaultMigrationsDir,
  migrationChecksum,
  MigrationRefusedError,
  readMigrationFiles,
} from './migrate';

const quiet = (): void => undefined;

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

const readHistory = (url: string): Promise<HistoryRow[]> =>
  query<HistoryRow>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');

describe('applyMigrations', () => {
  const repositoryMigrations = readMigrationFiles(defaultMigrationsDir());
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createEmptyDatabase('migrate');
  });
  afterEach(async () => {
    // Optional: when beforeEach failed (no test server), there is nothing to drop.
    await database?.drop();
  });

  it('applies every migration to an empty database and records it as Prisma does', async () => {
    const result = await applyMigrations(database.url, undefined, quiet);

    expect(result.applied).toEqual(repositoryMigrations.map((migration) => migration.name));
    const history = await readHistory(database.url);
    expect(history).toEqual(
      repositoryMigrations.map((migration) =>
        expect.objectContaining({
          migration_name: migration.name,
          checksum: migrationChecksum(migration.sql),
          finished_at: expect.any(Date),
          rolled_back_at: null,
          applied_steps_count: 1,
          logs: null,
        }),
      ),
    );
    expect(history[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    const tables = await query<{ table_name: string }>(
      database.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((table) => table.table_name)).toEqual(expect.arrayContaining(['partners', 'audit_log']));
  });

  it('applies nothing on a second run', async () => {
    await applyMigrations(database.url, undefined, quiet);
    const lines: string[] = [];

    const second = await applyMigrations(database.url, undefined, (line) => lines.push(line));

    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toHaveLength(repositoryMigrations.length);
    expect(lines.join('\n')).toContain('up to date');
    expect(await readHistory(database.url)).toHaveLength(repositoryMigrations.length);
  });

  it('lets only one of two concurrent runs apply the migrations', async () => {
    const runs = await Promise.all([
      applyMigrations(database.url, undefined, quiet),
      applyMigrations(database.url, undefined, quiet),
    ]);

    expect(runs.flatMap((run) => run.applied).sort()).toEqual(repositoryMigrations.map((m) => m.name).sort());
    expect(await readHistory(database.url)).toHaveLength(repositoryMigrations.length);
  });

  it('refuses to run when an applied migration file no longer matches its checksum', async () => {
    await applyMigrations(database.url, undefined, quiet);
    await query(database.url, `UPDATE "_prisma_migrations" SET checksum = $1`, ['0'.repeat(64)]);

    const run = applyMigrations(database.url, undefined, quiet);

    await expect(run).rejects.toThrow(MigrationRefusedError);
    await expect(run).rejects.toThrow(/modified after they were applied: 20261122000000_init/);
  });

  it('records a failing migration, rolls it back and refuses to continue until it is resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-migrations-'));
    try {
      writeMigration(dir, '001_good', 'CREATE TABLE good (id int);');
      writeMigration(dir, '002_bad', 'CREATE TABLE half_done (id int);\nSELECT no_such_function();');

      await expect(applyMigrations(database.url, dir, quiet)).rejects.toThrow(/002_bad failed/);

      const history = await readHistory(database.url);
      expect(history.map((row) => [row.migration_name, row.finished_at === null])).toEqual([
        ['001_good', false],
        ['002_bad', true],
      ]);
      expect(history[1]?.logs).toContain('no_such_function');
      const halfDone = await query(database.url, `SELECT to_regclass('half_done') AS t`);
      expect(halfDone).toEqual([{ t: null }]);
      await expect(applyMigrations(database.url, dir, quiet)).rejects.toThrow(/002_bad was started but never finished/);

      await query(database.url, `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '002_bad'`);
      writeMigration(dir, '002_bad', 'CREATE TABLE fixed (id int);');
      expect((await applyMigrations(database.url, dir, quiet)).applied).toEqual(['002_bad']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes audit_log append-only: INSERT works, UPDATE, DELETE and TRUNCATE are refused', async () => {
    await applyMigrations(database.url, undefined, quiet);
    await query(
      database.url,
      `INSERT INTO audit_log (id, actor_type, actor_id, action, target_type, target_id)
       VALUES ('a1', 'system', 'test', 'partner.created', 'partner', 'p1')`,
    );

    await expect(query(database.url, `UPDATE audit_log SET reason = 'x'`)).rejects.toThrow(
      /audit_log is append-only: UPDATE is not allowed/,
    );
    await expect(query(database.url, `DELETE FROM audit_log`)).rejects.toThrow(
      /audit_log is append-only: DELETE is not allowed/,
    );
    await expect(query(database.url, `TRUNCATE audit_log`)).rejects.toThrow(
      /audit_log is append-only: TRUNCATE is not allowed/,
    );
    expect(await query(database.url, `SELECT id, reason FROM audit_log`)).toEqual([{ id: 'a1', reason: null }]);
  });
});

function writeMigration(dir: string, name: string, sql: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'migration.sql'), sql);
}

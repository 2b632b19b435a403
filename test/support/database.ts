import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Throwaway PostgreSQL databases for medium tests. `npm test` starts the server, migrates a
 * template database once and passes both in the environment; each test then copies the template
 * (CREATE DATABASE ... TEMPLATE is a file copy, far faster than migrating again).
 */

export interface TestDatabase {
  /** Connection URL of the new database (same server and credentials as the admin URL). */
  url: string;
  /** Drops the database, closing any connection a test left open. */
  drop(): Promise<void>;
}

/** A fresh copy of the migrated template database. */
export function createTestDatabase(label: string): Promise<TestDatabase> {
  const { template } = testDatabaseEnvironment();
  return createDatabase(label, template);
}

/** A database with nothing in it, for tests of the migrations themselves. */
export function createEmptyDatabase(label: string): Promise<TestDatabase> {
  // template0 is the pristine template: template1 may have been given objects by the server's owner.
  return createDatabase(label, 'template0');
}

function testDatabaseEnvironment(): { adminUrl: string; template: string } {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  const template = process.env.TEST_DATABASE_TEMPLATE;
  if (!adminUrl || !template) {
    throw new Error(
      'TEST_DATABASE_ADMIN_URL and TEST_DATABASE_TEMPLATE are not set. Run the suite with `npm test`, ' +
        'which starts PostgreSQL and migrates the template database first.',
    );
  }
  return { adminUrl, template };
}

async function createDatabase(label: string, template: string): Promise<TestDatabase> {
  const { adminUrl } = testDatabaseEnvironment();
  const name = databaseName(label);
  await withAdminClient(adminUrl, (admin) =>
    admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdminClient(adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
      ),
  };
}

/** `pf_<label>_<random>`, lower-case and within PostgreSQL's 63-byte identifier limit. */
function databaseName(label: string): string {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return `pf_${safeLabel || 'test'}_${randomBytes(6).toString('hex')}`;
}

function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

async function withAdminClient(adminUrl: string, use: (admin: Client) => Promise<unknown>): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await use(admin);
  } finally {
    await admin.end();
  }
}

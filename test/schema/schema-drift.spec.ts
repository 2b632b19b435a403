import { Client } from 'pg';
import { applyMigrations } from '../../prisma/migrate';
import { createEmptyDatabase, TestDatabase } from '../support/database';
import { findSchemaDrift, formatDrift } from './compare-schema';

/**
 * Fails when prisma/schema.prisma and the database that prisma/migrations builds disagree: a model
 * changed without a migration, or a migration that does not match the model. The schema side comes
 * from Prisma's own parser, the database side from pg_catalog after a real migration run.
 */

const quiet = (): void => undefined;

async function migratedDatabase(label: string, extraSql?: string): Promise<TestDatabase> {
  const database = await createEmptyDatabase(label);
  try {
    await applyMigrations(database.url, undefined, quiet);
    if (extraSql) await execute(database.url, extraSql);
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function execute(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('schema drift between prisma/schema.prisma and prisma/migrations', () => {
  it('finds no difference', async () => {
    const database = await migratedDatabase('drift');
    try {
      const differences = await findSchemaDrift(database.url);

      if (differences.length > 0) throw new Error(formatDrift(differences));
    } finally {
      await database.drop();
    }
  });

  it('reports a deliberate drift, and only that drift', async () => {
    const database = await migratedDatabase(
      'drift_proof',
      `ALTER TABLE partners ALTER COLUMN name DROP NOT NULL;
       CREATE INDEX partners_email_idx ON partners (email);
       ALTER TABLE messages ALTER COLUMN attempts SET DEFAULT 1;
       ALTER TYPE "PartnerStage" ADD VALUE 'ARCHIVED';
       ALTER TABLE messages DROP CONSTRAINT messages_partner_id_fkey;
       ALTER TABLE messages ADD CONSTRAINT messages_partner_id_fkey FOREIGN KEY (partner_id)
         REFERENCES partners(id) ON DELETE CASCADE ON UPDATE CASCADE;
       ALTER TABLE api_keys ALTER COLUMN key_prefix TYPE varchar(12);
       CREATE TABLE scratch (id int);`,
    );
    try {
      const differences = await findSchemaDrift(database.url);

      expect(differences).toEqual([
        'enum PartnerStage: values: schema.prisma [APPLIED, ACTIVE, PRODUCING, CONSISTENT, AT_RISK, PAUSED, ' +
          'TERMINATED, REJECTED], database [APPLIED, ACTIVE, PRODUCING, CONSISTENT, AT_RISK, PAUSED, ' +
          'TERMINATED, REJECTED, ARCHIVED]',
        'column api_keys.key_prefix: type: schema.prisma text, database character varying(12)',
        'column messages.attempts: default: schema.prisma 0, database 1',
        'foreign key messages.messages_partner_id_fkey: schema.prisma (partner_id) REFERENCES partners(id) ' +
          'ON DELETE RESTRICT ON UPDATE CASCADE, database (partner_id) REFERENCES partners(id) ' +
          'ON DELETE CASCADE ON UPDATE CASCADE',
        'column partners.name: nullability: schema.prisma NOT NULL, database NULL',
        'index partners.partners_email_idx: in the database but not in schema.prisma',
        'table scratch: in the database but not in schema.prisma',
      ]);
    } finally {
      await database.drop();
    }
  });
});

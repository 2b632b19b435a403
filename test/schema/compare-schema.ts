import { join } from 'node:path';
import { databaseSchema } from './database-schema';
import { expectedSchema } from './expected-schema';
import { readPrismaDatamodel } from './prisma-datamodel';
import { ForeignKeySnapshot, IndexSnapshot, SchemaSnapshot, TableSnapshot } from './schema-snapshot';

/**
 * Schema drift: every way a database differs from what schema.prisma describes, one line each,
 * e.g. `column partners.name: nullability: schema.prisma NOT NULL, database NULL`.
 */

export const SCHEMA_PATH = join(__dirname, '..', '..', 'prisma', 'schema.prisma');

export async function findSchemaDrift(databaseUrl: string, schemaPath = SCHEMA_PATH): Promise<string[]> {
  const expected = expectedSchema(readPrismaDatamodel(schemaPath));
  return compareSchemas(expected, await databaseSchema(databaseUrl));
}

export function compareSchemas(expected: SchemaSnapshot, actual: SchemaSnapshot): string[] {
  const differences: string[] = [];
  compareKeyed('enum', expected.enums, actual.enums, differences, (name, want, have) => {
    if (list(want) !== list(have)) {
      differences.push(`enum ${name}: values: schema.prisma [${list(want)}], database [${list(have)}]`);
    }
  });
  compareKeyed('table', expected.tables, actual.tables, differences, (name, want, have) =>
    compareTables(name, want, have, differences),
  );
  return differences;
}

function compareTables(table: string, expected: TableSnapshot, actual: TableSnapshot, out: string[]): void {
  compareKeyed(`column ${table}.`, expected.columns, actual.columns, out, (name, want, have) => {
    const column = `column ${table}.${name}`;
    if (want.type !== have.type) out.push(`${column}: type: schema.prisma ${want.type}, database ${have.type}`);
    if (want.nullable !== have.nullable) {
      out.push(`${column}: nullability: schema.prisma ${nullability(want.nullable)}, database ${nullability(have.nullable)}`);
    }
    if (want.default !== have.default) {
      out.push(`${column}: default: schema.prisma ${show(want.default)}, database ${show(have.default)}`);
    }
  });
  const wantKey = expected.primaryKey && `${expected.primaryKey.name} (${list(expected.primaryKey.columns)})`;
  const haveKey = actual.primaryKey && `${actual.primaryKey.name} (${list(actual.primaryKey.columns)})`;
  if (wantKey !== haveKey) {
    out.push(`primary key of ${table}: schema.prisma ${show(wantKey)}, database ${show(haveKey)}`);
  }
  compareDescriptions(`index ${table}.`, expected.indexes, actual.indexes, describeIndex, out);
  compareDescriptions(`foreign key ${table}.`, expected.foreignKeys, actual.foreignKeys, describeForeignKey, out);
}

function compareDescriptions<T>(
  kind: string,
  expected: Record<string, T>,
  actual: Record<string, T>,
  describe: (item: T) => string,
  out: string[],
): void {
  compareKeyed(kind, expected, actual, out, (name, want, have) => {
    if (describe(want) !== describe(have)) {
      out.push(`${kind}${name}: schema.prisma ${describe(want)}, database ${describe(have)}`);
    }
  });
}

/** Reports names only one side has, and hands names both sides have to `compareBoth`. */
function compareKeyed<T>(
  kind: string,
  expected: Record<string, T>,
  actual: Record<string, T>,
  out: string[],
  compareBoth: (name: string, want: T, have: T) => void,
): void {
  // `column t.` and `index t.` are prefixes of a qualified name; `table` and `enum` take a space.
  const label = (name: string): string => (kind.endsWith('.') ? `${kind}${name}` : `${kind} ${name}`);
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  for (const name of names) {
    const want = expected[name];
    const have = actual[name];
    if (want === undefined) out.push(`${label(name)}: in the database but not in schema.prisma`);
    else if (have === undefined) out.push(`${label(name)}: in schema.prisma but missing from the database`);
    else compareBoth(name, want, have);
  }
}

function describeIndex(index: IndexSnapshot): string {
  const where = index.where === null ? '' : ` WHERE ${index.where}`;
  return `${index.unique ? 'UNIQUE ' : ''}${index.method} (${list(index.columns)})${where}`;
}

function describeForeignKey(key: ForeignKeySnapshot): string {
  return (
    `(${list(key.columns)}) REFERENCES ${key.referencedTable}(${list(key.referencedColumns)}) ` +
    `ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}`
  );
}

const list = (items: string[]): string => items.join(', ');
const nullability = (nullable: boolean): string => (nullable ? 'NULL' : 'NOT NULL');
const show = (value: string | null): string => (value === null ? '(none)' : value);

/** One readable failure message for a list of differences. */
export function formatDrift(differences: string[]): string {
  return (
    `schema.prisma and the migrated database disagree (${differences.length} difference(s)). ` +
    'Add a migration under prisma/migrations (or fix schema.prisma):\n' +
    differences.map((difference) => `  - ${difference}`).join('\n')
  );
}

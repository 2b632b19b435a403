import { Client } from 'pg';
import { SchemaSnapshot, TableSnapshot } from './schema-snapshot';

/**
 * Describes the live database's current schema from pg_catalog, in the same shape expected-schema.ts
 * builds from schema.prisma. Prisma's own bookkeeping table is left out, as Prisma leaves it out.
 */

const IGNORED_TABLES = ['_prisma_migrations'];

const COLUMNS = `
SELECT c.relname AS table_name, a.attname AS column_name, NOT a.attnotnull AS nullable,
       CASE WHEN t.typtype = 'e' THEN t.typname::text
            WHEN et.typtype = 'e' THEN et.typname::text || '[]'
            ELSE format_type(a.atttypid, a.atttypmod) END AS type,
       pg_get_expr(d.adbin, d.adrelid) AS default_expression
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relname = ANY($1)
ORDER BY c.relname, a.attnum`;

const INDEXES = `
SELECT t.relname AS table_name, i.relname AS index_name, x.indisprimary AS is_primary,
       x.indisunique AS is_unique, am.amname AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
       ARRAY(SELECT coalesce(a.attname::text, pg_get_indexdef(i.oid, k.position::int, true))
                    || CASE WHEN pg_index_column_has_property(i.oid, k.position::int, 'desc') THEN ' DESC' ELSE '' END
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
             WHERE k.position <= x.indnkeyatts
             ORDER BY k.position) AS columns
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE n.nspname = current_schema() AND NOT t.relname = ANY($1)
ORDER BY t.relname, i.relname`;

const FOREIGN_KEYS = `
SELECT t.relname AS table_name, c.conname AS constraint_name, r.relname AS referenced_table,
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.position) AS columns,
       ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, position)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.position)
         AS referenced_columns,
       c.confdeltype AS on_delete, c.confupdtype AS on_update
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_class r ON r.oid = c.confrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE c.contype = 'f' AND n.nspname = current_schema() AND NOT t.relname = ANY($1)
ORDER BY t.relname, c.conname`;

const ENUMS = `
SELECT t.typname AS enum_name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS enum_values
FROM pg_type t
JOIN pg_enum e ON e.enumtypid = t.oid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = current_schema()
GROUP BY t.typname`;

/** pg_constraint's one-letter referential actions. */
const ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

export async function databaseSchema(databaseUrl: string): Promise<SchemaSnapshot> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One after the other: a pg Client runs one query at a time anyway.
    const columns = await client.query(COLUMNS, [IGNORED_TABLES]);
    const indexes = await client.query(INDEXES, [IGNORED_TABLES]);
    const foreignKeys = await client.query(FOREIGN_KEYS, [IGNORED_TABLES]);
    const enums = await client.query(ENUMS);
    const snapshot: SchemaSnapshot = { enums: {}, tables: {} };
    const table = (name: string): TableSnapshot =>
      (snapshot.tables[name] ??= { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} });
    for (const row of enums.rows) snapshot.enums[row.enum_name] = row.enum_values;
    for (const row of columns.rows) {
      table(row.table_name).columns[row.column_name] = {
        type: row.type,
        nullable: row.nullable,
        default: normaliseDefault(row.default_expression),
      };
    }
    for (const row of indexes.rows) {
      if (row.is_primary) {
        table(row.table_name).primaryKey = { name: row.index_name, columns: row.columns };
        continue;
      }
      table(row.table_name).indexes[row.index_name] = {
        unique: row.is_unique,
        method: row.method,
        columns: row.columns,
        where: row.predicate,
      };
    }
    for (const row of foreignKeys.rows) {
      table(row.table_name).foreignKeys[row.constraint_name] = {
        columns: row.columns,
        referencedTable: row.referenced_table,
        referencedColumns: row.referenced_columns,
        onDelete: ACTIONS[row.on_delete] ?? row.on_delete,
        onUpdate: ACTIONS[row.on_update] ?? row.on_update,
      };
    }
    return snapshot;
  } finally {
    await client.end();
  }
}

/**
 * Brings pg_get_expr() output to the spelling expected-schema.ts uses: `CURRENT_TIMESTAMP` and
 * `now()` are both `now()`, a sequence is `autoincrement()`, casts and quotes around literals go
 * (`'APPLIED'::"PartnerStage"` is `APPLIED`), arrays become `[a, b]`. Anything else stays verbatim.
 */
export function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  const trimmed = expression.trim();
  if (/^(CURRENT_TIMESTAMP|now\(\))$/i.test(trimmed)) return 'now()';
  if (/^nextval\(/i.test(trimmed)) return 'autoincrement()';
  const arrayMatch = /^ARRAY\[(.*?)\](?:::[\w" .()]+\[\])?$/s.exec(trimmed);
  if (arrayMatch) {
    const elements = splitTopLevel(arrayMatch[1] ?? '').map((e) => normaliseDefault(e) ?? '');
    return `[${elements.join(', ')}]`;
  }
  const literal = /^\(?'((?:[^']|'')*)'(::[\w" .()[\]]+)*\)?$/s.exec(trimmed);
  if (literal) {
    const value = (literal[1] ?? '').replace(/''/g, "'");
    // '{}'::text[] is an array literal in PostgreSQL's own text form.
    const isArrayCast = literal[2]?.endsWith('[]');
    return isArrayCast && /^\{.*\}$/s.test(value) ? `[${splitTopLevel(value.slice(1, -1)).join(', ')}]` : value;
  }
  const parenthesisedNumber = /^\((-?[\d.]+)\)(::[\w" .()]+)?$/.exec(trimmed);
  if (parenthesisedNumber) return parenthesisedNumber[1] ?? trimmed;
  return trimmed.replace(/::(integer|bigint|smallint|numeric|double precision|real)$/, '');
}

/** Splits `a, 'b,c', d` at the commas that are outside quotes and brackets. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inQuotes = false;
  let current = '';
  for (const char of list) {
    if (char === "'") inQuotes = !inQuotes;
    if (!inQuotes && (char === '[' || char === '(')) depth++;
    if (!inQuotes && (char === ']' || char === ')')) depth--;
    if (char === ',' && depth === 0 && !inQuotes) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

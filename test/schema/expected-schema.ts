import { DmmfDatamodel, DmmfDefault, DmmfField, DmmfIndex, DmmfModel } from './prisma-datamodel';
import { ColumnSnapshot, ForeignKeySnapshot, SchemaSnapshot, TableSnapshot } from './schema-snapshot';

/**
 * What `prisma migrate` would create on PostgreSQL for a data model, following Prisma's conventions:
 * default native types, constraint names `<table>_<columns>_<key|idx|fkey>` and `<table>_pkey`,
 * referential actions (optional relation: ON DELETE SET NULL, required: RESTRICT; ON UPDATE CASCADE),
 * and scalar lists as nullable array columns (Prisma never renders NOT NULL on a list column).
 * Not covered, because the data model does not carry them: a foreign key renamed with
 * @relation(map: ...) and index operator classes (both would show up as differences).
 */

/** PostgreSQL's identifier limit: Prisma truncates generated constraint names to fit it. */
const MAX_IDENTIFIER_LENGTH = 63;

const DEFAULT_TYPES: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

/** @db.<Name>(args) to format_type() spelling; `$` stands for the arguments, `=` for a default. */
const NATIVE_TYPES: Record<string, [withArgs: string, withoutArgs: string]> = {
  Text: ['text', 'text'],
  Char: ['character($)', 'character(1)'],
  VarChar: ['character varying($)', 'character varying'],
  Uuid: ['uuid', 'uuid'],
  Xml: ['xml', 'xml'],
  Inet: ['inet', 'inet'],
  Citext: ['citext', 'citext'],
  Bit: ['bit($)', 'bit(1)'],
  VarBit: ['bit varying($)', 'bit varying'],
  SmallInt: ['smallint', 'smallint'],
  Integer: ['integer', 'integer'],
  BigInt: ['bigint', 'bigint'],
  Oid: ['oid', 'oid'],
  Real: ['real', 'real'],
  DoublePrecision: ['double precision', 'double precision'],
  Decimal: ['numeric($)', 'numeric'],
  Money: ['money', 'money'],
  Boolean: ['boolean', 'boolean'],
  Date: ['date', 'date'],
  Timestamp: ['timestamp($) without time zone', 'timestamp without time zone'],
  Timestamptz: ['timestamp($) with time zone', 'timestamp with time zone'],
  Time: ['time($) without time zone', 'time without time zone'],
  Timetz: ['time($) with time zone', 'time with time zone'],
  Json: ['json', 'json'],
  JsonB: ['jsonb', 'jsonb'],
  ByteA: ['bytea', 'bytea'],
};

/** Prisma's defaults computed by the client (uuid(), cuid(), ...) leave the column without one. */
const DATABASE_DEFAULT_FUNCTIONS = new Set(['now', 'autoincrement', 'dbgenerated', 'sequence']);

export function expectedSchema(datamodel: DmmfDatamodel): SchemaSnapshot {
  const enumDbNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const modelsByName = new Map(datamodel.models.map((model) => [model.name, model]));
  const snapshot: SchemaSnapshot = { enums: {}, tables: {} };
  for (const dmmfEnum of datamodel.enums) {
    snapshot.enums[dmmfEnum.dbName ?? dmmfEnum.name] = dmmfEnum.values.map((v) => v.dbName ?? v.name);
  }
  for (const model of datamodel.models) {
    const indexes = datamodel.indexes.filter((index) => index.model === model.name);
    snapshot.tables[tableName(model)] = expectedTable(model, indexes, enumDbNames, modelsByName);
  }
  return snapshot;
}

function expectedTable(
  model: DmmfModel,
  indexes: DmmfIndex[],
  enumDbNames: Map<string, string>,
  modelsByName: Map<string, DmmfModel>,
): TableSnapshot {
  const table = tableName(model);
  const column = (fieldName: string): string => columnName(model, fieldName);
  const snapshot: TableSnapshot = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
  for (const field of model.fields) {
    if (field.kind === 'scalar' || field.kind === 'enum') {
      snapshot.columns[field.dbName ?? field.name] = expectedColumn(field, enumDbNames);
    }
  }
  for (const index of indexes) {
    const columns = index.fields.map((f) => column(f.name));
    if (index.type === 'id') {
      snapshot.primaryKey = { name: index.dbName ?? `${table}_pkey`, columns };
      continue;
    }
    const unique = index.type === 'unique';
    const name = index.dbName ?? constraintName(table, columns, unique ? '_key' : '_idx');
    snapshot.indexes[name] = {
      unique,
      method: (index.algorithm ?? 'BTree').toLowerCase(),
      columns: index.fields.map((f) => column(f.name) + (f.sortOrder === 'desc' ? ' DESC' : '')),
      where: null,
    };
  }
  for (const field of model.fields) {
    const referenced = modelsByName.get(field.type);
    if (field.kind !== 'object' || !field.relationFromFields?.length || !referenced) continue;
    const columns = field.relationFromFields.map(column);
    snapshot.foreignKeys[constraintName(table, columns, '_fkey')] = expectedForeignKey(field, columns, referenced);
  }
  return snapshot;
}

function expectedColumn(field: DmmfField, enumDbNames: Map<string, string>): ColumnSnapshot {
  const baseType = field.kind === 'enum' ? (enumDbNames.get(field.type) ?? field.type) : scalarType(field);
  return {
    type: field.isList ? `${baseType}[]` : baseType,
    nullable: field.isList || !field.isRequired,
    default: expectedDefault(field.default),
  };
}

function scalarType(field: DmmfField): string {
  if (!field.nativeType) {
    const type = DEFAULT_TYPES[field.type];
    if (!type) throw new Error(`expected-schema.ts does not know Prisma scalar type ${field.type}`);
    return type;
  }
  const [nativeName, args] = field.nativeType;
  const spellings = NATIVE_TYPES[nativeName];
  if (!spellings) throw new Error(`expected-schema.ts does not know native type @db.${nativeName}`);
  return args.length > 0 ? spellings[0].replace('$', args.join(',')) : spellings[1];
}

function expectedForeignKey(field: DmmfField, columns: string[], referenced: DmmfModel): ForeignKeySnapshot {
  const optional = !field.isRequired;
  return {
    columns,
    referencedTable: tableName(referenced),
    referencedColumns: (field.relationToFields ?? []).map((name) => columnName(referenced, name)),
    onDelete: referentialAction(field.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict')),
    onUpdate: referentialAction(field.relationOnUpdate ?? 'Cascade'),
  };
}

function referentialAction(prismaAction: string): string {
  return prismaAction.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase(); // SetNull -> SET NULL
}

export function expectedDefault(value: DmmfDefault | undefined): string | null {
  if (value === undefined) return null;
  if (Array.isArray(value)) return `[${value.map(String).join(', ')}]`;
  if (typeof value !== 'object') return String(value);
  if (!DATABASE_DEFAULT_FUNCTIONS.has(value.name)) return null;
  if (value.name === 'dbgenerated') return String(value.args[0] ?? '');
  return `${value.name}()`;
}

/** Prisma's ConstraintNames: `<table>_<col>_<col><suffix>`, cut to fit the identifier limit. */
function constraintName(table: string, columns: string[], suffix: string): string {
  const base = [table, ...columns].join('_');
  const room = MAX_IDENTIFIER_LENGTH - suffix.length;
  return (base.length >= room ? base.slice(0, room - 1) : base) + suffix;
}

function tableName(model: DmmfModel): string {
  return model.dbName ?? model.name;
}

function columnName(model: DmmfModel, fieldName: string): string {
  const field = model.fields.find((f) => f.name === fieldName);
  return field?.dbName ?? fieldName;
}

/**
 * One neutral description of a PostgreSQL schema, built both from schema.prisma (expected-schema.ts)
 * and from a live database (database-schema.ts), so compare-schema.ts compares like with like.
 * Types are spelled as PostgreSQL's format_type() spells them, except enums, which are their bare name.
 */

export interface ColumnSnapshot {
  /** e.g. `text`, `timestamp(3) with time zone`, `character(2)`, `text[]`, `PartnerStage`. */
  type: string;
  nullable: boolean;
  /** Normalised: `now()`, `autoincrement()`, literals unquoted (`APPLIED`, `0`), arrays as `[a, b]`. */
  default: string | null;
}

export interface IndexSnapshot {
  unique: boolean;
  /** Access method: btree, hash, gin, gist, spgist, brin. */
  method: string;
  /** Column names in index order, suffixed ` DESC` when descending. */
  columns: string[];
  /** Partial-index predicate; schema.prisma cannot express one, so the expected side is always null. */
  where: string | null;
}

export interface ForeignKeySnapshot {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  /** As SQL spells them: RESTRICT, CASCADE, SET NULL, SET DEFAULT, NO ACTION. */
  onDelete: string;
  onUpdate: string;
}

export interface TableSnapshot {
  columns: Record<string, ColumnSnapshot>;
  primaryKey: { name: string; columns: string[] } | null;
  /** Every index except the primary key's, by name. */
  indexes: Record<string, IndexSnapshot>;
  foreignKeys: Record<string, ForeignKeySnapshot>;
}

export interface SchemaSnapshot {
  /** Enum type name to its values, in declaration order. */
  enums: Record<string, string[]>;
  tables: Record<string, TableSnapshot>;
}

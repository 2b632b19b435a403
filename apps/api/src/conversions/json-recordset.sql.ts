import { Prisma } from '@partnerflow/db';

/**
 * `json_to_recordset` over one JSON parameter holding a batch's rows, as `alias(columns with
 * types)` (no alias inside ROWS FROM). The ingestion statements pass their batches this way:
 * JSON.stringify is native, where one array parameter per column had node-postgres encode and
 * escape every value in JavaScript — the largest allocation per postback in the ingestion
 * benchmark's allocation profile (README, Benchmarks). The statement text stays the same for any
 * batch, so it is still prepared once per connection.
 */
export const jsonRecordset = (rows: readonly Record<string, unknown>[], columns: string, alias = '') =>
  Prisma.sql`json_to_recordset(${JSON.stringify(rows)}::json) AS ${Prisma.raw(alias)}(${Prisma.raw(columns)})`;

import { Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { Env } from '@partnerflow/domain';
import { ENV } from '../common/tokens';
import type { ClickSink } from './click-recorder';
import type { ClickRow } from './tracking.repository';

/**
 * One INSERT at a time (ClickRecorder's maxConcurrentInserts): clicks arriving meanwhile gather into
 * the next, larger batch. On the benchmark machine two at a time made batches half as big and cost
 * about 5 µs more api CPU and 7 µs more PostgreSQL CPU per click, for no more throughput.
 */
export const CLICK_STORE_CONNECTIONS = 1;
/** A stuck INSERT (half-open connection) fails and is retried instead of holding every click behind it. */
const INSERT_TIMEOUT_MS = 10_000;

/** A clicks column, the type it is read as, and the ClickRow field it comes from. */
type Column = readonly [name: string, type: string, field: keyof ClickRow & string];

/** Every column a click stores; the INSERT is built from this list. */
const COLUMNS: readonly Column[] = [
  ['id', 'text', 'id'],
  ['at', 'timestamptz', 'at'],
  ['link_id', 'text', 'linkId'],
  ['partner_id', 'text', 'partnerId'],
  ['program_id', 'text', 'programId'],
  ['ip_hash', 'text', 'ipHash'],
  ['user_agent', 'text', 'userAgent'],
  ['referrer', 'text', 'referrer'],
  ['country', 'char(2)', 'country'],
  ['sub1', 'text', 'sub1'],
  ['sub2', 'text', 'sub2'],
  ['sub3', 'text', 'sub3'],
  ['sub4', 'text', 'sub4'],
  ['sub5', 'text', 'sub5'],
  ['is_bot', 'boolean', 'isBot'],
  ['creditable', 'boolean', 'creditable'],
  ['visitor_id', 'text', 'visitorId'],
  ['from_listed_range', 'boolean', 'fromListedRange'],
];

/** Read as false when a row leaves it out (the column is NOT NULL). */
const DEFAULT_FALSE = new Set(['fromListedRange']);

/**
 * One INSERT per batch whose only parameter is the batch as JSON (the ClickRow objects as they
 * are: JSON.stringify is native, and `json_to_recordset` reads them by field name). One array
 * parameter per column, which node-postgres encodes value by value, cost the api about 1.5 µs more
 * CPU per click in 30-row batches, for about the same PostgreSQL CPU. A click id already stored
 * is skipped: retrying a batch whose first attempt committed without us hearing back writes
 * nothing twice.
 */
const INSERT_CLICKS =
  `INSERT INTO clicks (${COLUMNS.map(([name]) => name).join(', ')}) ` +
  `SELECT ${COLUMNS.map(([, , field]) => (DEFAULT_FALSE.has(field) ? `coalesce("${field}", false)` : `"${field}"`)).join(', ')} ` +
  `FROM json_to_recordset($1::json) AS batch(${COLUMNS.map(([, type, field]) => `"${field}" ${type}`).join(', ')}) ` +
  'ON CONFLICT (id) DO NOTHING';

/**
 * Where ClickRecorder's batches go: the one write that bypasses Prisma. The redirect benchmark
 * (README, Benchmarks) commits a batch every millisecond or two; through Prisma's raw query path
 * each batch cost about 0.3–1 ms more CPU in the api than through node-postgres with a named
 * (prepared once per connection, never re-planned) statement, and added the same to the latency
 * every redirect waits. Its own small pool also keeps a burst of clicks from queueing behind the
 * api's other queries, and theirs behind clicks. A retried batch whose first attempt did commit
 * (a timeout after the commit) writes nothing twice: see INSERT_CLICKS.
 */
@Injectable()
export class ClickStore implements ClickSink {
  private readonly logger = new Logger('ClickStore');
  private readonly pool: Pool;

  constructor(@Inject(ENV) env: Pick<Env, 'DATABASE_URL'>) {
    // Connects on the first INSERT, so an app built but never serving (tests, docs) opens nothing.
    this.pool = new Pool({
      connectionString: env.DATABASE_URL,
      max: CLICK_STORE_CONNECTIONS,
      query_timeout: INSERT_TIMEOUT_MS,
      application_name: 'partnerflow-clicks',
    });
    // An idle connection dropped by the server must not crash the process: the next INSERT reconnects.
    this.pool.on('error', (error) => this.logger.warn(`click store connection lost: ${error.message}`));
  }

  async insertClicks(rows: ClickRow[]): Promise<void> {
    await this.pool.query({ name: 'partnerflow.insert-clicks', text: INSERT_CLICKS, values: [JSON.stringify(rows)] });
  }

  /** Called by ClickRecorder once it has stored what it held. */
  async close(): Promise<void> {
    await this.pool.end();
  }
}

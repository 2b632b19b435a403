import { Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { Prisma } from '@partnerflow/db';
import type { Env } from '@partnerflow/domain';
import { ENV } from '../common/tokens';
import { factsFromRow, ingestionFactsStatement, type FactsQuestion, type FactsRow, type IngestionFacts } from './conversion-facts.sql';
import { insertConversionsStatement, type ConversionWrite } from './conversion-insert.sql';
import type { ConversionWithShares } from './conversions.repository';

/** One facts read and one INSERT are under way at a time (ConversionBatches.INGESTION_BATCHES). */
export const CONVERSION_STORE_CONNECTIONS = 2;
/** A stuck statement (half-open connection) fails its batch instead of holding every report behind it. */
const STATEMENT_TIMEOUT_MS = 10_000;

/**
 * The planner settings of the store's connections. Each statement is planned once per connection
 * (a custom plan of the facts read cost more to make than to run) and replanned when ANALYZE
 * updates a table's statistics. Every lookup in both statements is by key, per report, so nested
 * loops over index scans are the right plan at any table size; but a generic plan is costed for
 * a batch of 100 and without the values, and the benchmark caught two such plans walking whole
 * tables per batch (a hash join over every click; the program's (program_id, occurred_at) index
 * for a velocity count). Sequential scans, hash and merge joins are therefore off for this pool
 * only, and the statements name no column that would let a broader index serve a lookup.
 */
export const PLAN_SETTINGS = '-c plan_cache_mode=force_generic_plan -c enable_seqscan=off -c enable_hashjoin=off -c enable_mergejoin=off';

/**
 * The two statements of the ingestion path — the facts of a batch of reports and the batch's
 * INSERT — through node-postgres, as ClickStore stores clicks: each is a named statement, parsed
 * and planned once per connection instead of once per batch (the facts read took about 4 ms of
 * planning alone), without the query compiler's cost per call. Its own small pool keeps a burst
 * of conversions from queueing behind the api's other queries, and theirs behind conversions.
 * Everything else about conversions goes through ConversionsRepository.
 */
@Injectable()
export class ConversionStore {
  private readonly logger = new Logger('ConversionStore');
  private readonly pool: Pool;

  constructor(@Inject(ENV) env: Pick<Env, 'DATABASE_URL'>) {
    // Connects on the first statement, so an app built but never ingesting opens nothing.
    this.pool = new Pool({
      connectionString: env.DATABASE_URL,
      max: CONVERSION_STORE_CONNECTIONS,
      query_timeout: STATEMENT_TIMEOUT_MS,
      application_name: 'partnerflow-conversions',
      options: PLAN_SETTINGS,
    });
    // An idle connection dropped by the server must not crash the process: the next statement reconnects.
    this.pool.on('error', (error) => this.logger.warn(`conversion store connection lost: ${error.message}`));
  }

  /** What each report of a batch needs read, in the order asked (ingestionFactsStatement). */
  async facts(questions: FactsQuestion[]): Promise<IngestionFacts[]> {
    if (questions.length === 0) return [];
    const rows = await this.run<FactsRow>('partnerflow.conversion-facts', ingestionFactsStatement(questions));
    const byN = new Map(rows.map((row) => [Number(row.n), row]));
    return questions.map((question, index) => {
      const row = byN.get(index + 1);
      if (!row) throw new Error(`the facts of report ${index + 1} of ${questions.length} were not read`);
      return factsFromRow(question, row);
    });
  }

  /**
   * A batch of conversions in one statement (insertConversionsStatement), atomically: answers each
   * one as stored, or null when its (program, externalId, type) was already there.
   */
  async insert(writes: ConversionWrite[]): Promise<(ConversionWithShares | null)[]> {
    if (writes.length === 0) return [];
    const rows = await this.run<{ id: string; receivedAt: Date }>('partnerflow.insert-conversions', insertConversionsStatement(writes));
    const receivedAt = new Map(rows.map((row) => [row.id, row.receivedAt]));
    return writes.map(({ conversion, shares }) => {
      const at = receivedAt.get(conversion.id);
      return at ? { ...conversion, receivedAt: at, shares: shares.map((share) => ({ ...share, conversionId: conversion.id })) } : null;
    });
  }

  /** Called once nothing is being ingested any more. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  private async run<T>(name: string, statement: Prisma.Sql): Promise<T[]> {
    const result = await this.pool.query({ name, text: statement.text, values: statement.values as unknown[] });
    return result.rows as T[];
  }
}

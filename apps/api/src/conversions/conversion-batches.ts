import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { isReversal, REVERSIBLE_TYPES_BY_PRIORITY, type ConversionReport } from '@partnerflow/domain';
import { BackgroundWork } from '../common/background-work';
import { DomainEventDispatcher } from '../webhooks/domain-event-dispatcher';
import type { FactsQuestion, IngestionFacts } from './conversion-facts.sql';
import type { ConversionWrite } from './conversion-insert.sql';
import { ConversionStore } from './conversion-store';
import type { ConversionWithShares } from './conversions.repository';
import { GroupCommit, type Outcome } from './group-commit';
import { KeyedSequence } from './keyed-sequence';

/**
 * Batch sizes and concurrency of the ingestion round trips: one facts read and one INSERT under way
 * at a time, reports arriving meanwhile gather into the next (so batches grow with the load). On the
 * benchmark machine two at a time made batches smaller and the api's CPU per conversion 20% higher
 * (more statements, each waking PostgreSQL), for less throughput.
 */
export const INGESTION_BATCHES = { maxBatchSize: 200, maxInFlight: 1 } as const;

/**
 * What a report reads or writes that another report may write or read: its business key; the order
 * it is or refers to (a refund and its order, two refunds of one order); a returning customer; the
 * customer's IP (the velocity count). Reports sharing a key are decided one after the other.
 */
export function conversionKeys(programId: string, report: ConversionReport, ipHash: string | null): string[] {
  const keys = [`key:${programId}:${report.type}:${report.externalId}`];
  if (isReversal(report.type)) {
    if (report.refersTo) keys.push(`order:${programId}:${report.refersTo}`);
  } else {
    if (REVERSIBLE_TYPES_BY_PRIORITY.includes(report.type)) keys.push(`order:${programId}:${report.externalId}`);
    if (report.customerId) keys.push(`customer:${programId}:${report.customerId}`);
    if (ipHash) keys.push(`ip:${programId}:${ipHash}`);
  }
  return keys;
}

/**
 * The database side of ingestion, batched: the reports being decided at the same moment share one
 * facts read (which also answers repeats with their first result) and one INSERT statement (group
 * commit, as clicks are stored), instead of each making its own five to eight round trips. Every
 * report still gets its own answer: its facts, its stored conversion (or null when its business
 * key was taken meanwhile) or its own error.
 *
 * Reports that depend on each other are not batched together: `inSequence` lets a report start only
 * after every earlier report it shares a key with (see conversionKeys) has been answered, so a
 * repeat sees its first result, a refund its order and what earlier refunds took back, and a
 * returning customer their first attribution, exactly as if they had arrived one at a time.
 */
@Injectable()
export class ConversionBatches implements OnApplicationShutdown {
  private readonly sequence = new KeyedSequence();
  private readonly factsReads = new GroupCommit<FactsQuestion, IngestionFacts>((questions) => this.readFacts(questions), INGESTION_BATCHES);
  private readonly writes = new GroupCommit<ConversionWrite, ConversionWithShares | null>((writes) => this.write(writes), INGESTION_BATCHES);
  /** Committed events waiting for the dispatch under way to finish. */
  private readonly undispatched: string[] = [];
  private dispatching = false;

  constructor(
    private readonly conversionStore: ConversionStore,
    private readonly events: DomainEventDispatcher,
    private readonly background: BackgroundWork,
  ) {}

  /** Runs `work` once every earlier report sharing one of `keys` is done. */
  inSequence<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    return this.sequence.run(keys, work);
  }

  /** What the report needs from the database to be decided. */
  facts(question: FactsQuestion): Promise<IngestionFacts> {
    return this.factsReads.submit(question);
  }

  /**
   * Stores the conversion with its shares, customer attribution and outbox event, committed with
   * the rest of its batch; null when a conversion with its (program, externalId, type) got there
   * first. The conversion.created dispatch starts after the commit, off the request's path.
   */
  store(write: ConversionWrite): Promise<ConversionWithShares | null> {
    return this.writes.submit(write);
  }

  /** Lets requests under way finish their round trips, then closes the store's connections. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.factsReads.idle(), this.writes.idle()]);
    await this.conversionStore.close();
  }

  private async readFacts(questions: FactsQuestion[]): Promise<Outcome<IngestionFacts>[]> {
    return (await this.conversionStore.facts(questions)).map((value) => ({ value }));
  }

  private async write(writes: ConversionWrite[]): Promise<Outcome<ConversionWithShares | null>[]> {
    let outcomes: Outcome<ConversionWithShares | null>[];
    try {
      outcomes = (await this.conversionStore.insert(writes)).map((value) => ({ value }));
    } catch (error) {
      if (writes.length === 1) throw error;
      // One bad conversion (or a deadlock with another replica) must not fail its neighbours: each alone.
      outcomes = [];
      for (const write of writes) {
        try {
          outcomes.push({ value: (await this.conversionStore.insert([write]))[0] });
        } catch (single) {
          outcomes.push({ error: single });
        }
      }
    }
    const eventIds = writes.filter((_write, index) => {
      const outcome = outcomes[index];
      return 'value' in outcome && outcome.value !== null;
    }).map((write) => write.event.id);
    this.dispatch(eventIds);
    return outcomes;
  }

  /**
   * Starts the dispatch of committed conversion.created events, off the request's path but finished
   * before the api closes its Temporal connection. One dispatch at a time: events committed while
   * one is under way go together in the next, so a slow or unreachable Temporal holds one call
   * rather than one per batch (what the dispatcher skips while paused, the outbox catch-up sends).
   */
  private dispatch(eventIds: string[]): void {
    this.undispatched.push(...eventIds);
    if (this.dispatching || this.undispatched.length === 0) return;
    this.dispatching = true;
    this.background.run('dispatching conversion.created', async () => {
      try {
        while (this.undispatched.length > 0) await this.events.dispatch(this.undispatched.splice(0));
      } finally {
        this.dispatching = false;
      }
    });
  }
}

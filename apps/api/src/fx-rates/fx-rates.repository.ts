import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type FxRate, type PrismaClient, type UnpricedConversion } from '@partnerflow/db';
import { fxPairLockKey, newId, type FxRateInput } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

/** A rate of the batch that contradicts a stored one: rates never change, so the whole batch is refused. */
export class FxRateConflictError extends Error {
  constructor(
    readonly index: number,
    readonly existing: FxRate,
  ) {
    super(`rates.${index} contradicts ${existing.id}`);
  }
}

/** A conversion handed back to commissions because a rate now prices it. */
export interface RependedConversion {
  id: string;
  programId: string;
  partnerIds: string[];
}

export interface StoredBatch {
  /** In the order of the request: each rate as stored (the first of a repeated one). */
  rates: FxRate[];
  created: number;
  repended: RependedConversion[];
}

/** `programId` null: the global table. */
const scopeOf = (programId: string | null): string => programId ?? 'global';
const scopesVisibleTo = (programId: string | null): string[] => (programId ? [programId, 'global'] : ['global']);

/** The only path to Prisma for FX rates and the conversions waiting for one. */
@Injectable()
export class FxRatesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Stores the batch (a rate already stored with the same value is a no-op; with another value,
   * FxRateConflictError) and, in the same transaction, hands back to commissions every unpriced
   * conversion of the batch's pairs that a stored rate now covers: its record is removed and its
   * commissionStatus set back to `pending`, so the handoff — or its catch-up, if Temporal is down
   * now — delivers it to the partner's hold workflow again. The pairs' locks are held meanwhile,
   * so an attempt pricing without the new rate either is seen here or retries (activities/src/fx-rates.ts).
   */
  async putBatch(programId: string | null, inputs: FxRateInput[], action: OperatorAction): Promise<StoredBatch> {
    const scope = scopeOf(programId);
    const pairKeys = [...new Set(inputs.map((rate) => fxPairLockKey(rate.base, rate.quote)))].sort();
    return this.prisma.$transaction(async (tx) => {
      for (const key of pairKeys) await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))::text`;
      const drafts = inputs.map((rate) => ({ id: newId('fxRate'), programId, scope, ...rate, effectiveFrom: new Date(rate.effectiveFrom), createdBy: action.operatorKeyId }));
      await tx.fxRate.createMany({ data: drafts, skipDuplicates: true });
      const stored = await tx.fxRate.findMany({ where: { scope, OR: drafts.map(({ base, quote, effectiveFrom }) => ({ base, quote, effectiveFrom })) } });
      const keyOf = (rate: { base: string; quote: string; effectiveFrom: Date }) => `${rate.base}>${rate.quote}@${rate.effectiveFrom.getTime()}`;
      const byKey = new Map(stored.map((rate) => [keyOf(rate), rate]));
      const rates = drafts.map((draft, index) => {
        const row = byKey.get(keyOf(draft))!;
        if (row.rate !== draft.rate) throw new FxRateConflictError(index, row);
        return row;
      });
      const createdIds = new Set(drafts.map((draft) => draft.id));
      const created = rates.filter((rate) => createdIds.has(rate.id));
      if (created.length > 0) {
        await tx.auditEntry.create({
          data: {
            id: newId('audit'),
            actorType: 'operator',
            actorId: action.operatorKeyId,
            action: 'fx_rates.added',
            targetType: programId ? 'program' : 'fx_rates',
            targetId: scope,
            after: { rates: created.map((rate) => ({ id: rate.id, base: rate.base, quote: rate.quote, rate: rate.rate, effectiveFrom: rate.effectiveFrom.toISOString() })) },
            requestId: action.requestId,
          },
        });
      }
      return { rates, created: created.length, repended: await this.rependCovered(tx, programId, pairKeys) };
    });
  }

  private async rependCovered(tx: Prisma.TransactionClient, programId: string | null, pairKeys: string[]): Promise<RependedConversion[]> {
    const rows = await tx.$queryRaw<{ id: string; programId: string; partnerIds: string[] }[]>`
      WITH covered AS (
        DELETE FROM unpriced_conversions u
        WHERE (${programId}::text IS NULL OR u.program_id = ${programId}) AND ('fx-rates:' || u.base || '>' || u.quote) = ANY(${pairKeys}::text[])
          AND EXISTS (SELECT 1 FROM fx_rates r WHERE r.scope IN (u.program_id, 'global') AND r.base = u.base AND r.quote = u.quote AND r.effective_from <= u.occurred_at)
        RETURNING u.conversion_id),
      repended AS (
        UPDATE conversions v SET commission_status = 'pending' WHERE v.id IN (SELECT conversion_id FROM covered)
        RETURNING v.id, v.program_id)
      SELECT r.id, r.program_id AS "programId", array_agg(DISTINCT s.partner_id ORDER BY s.partner_id) AS "partnerIds"
      FROM repended r JOIN conversion_shares s ON s.conversion_id = r.id
      GROUP BY r.id, r.program_id ORDER BY r.id`;
    return rows;
  }

  /** The scope's rates and the global ones, oldest first (ids sort by creation), optionally for one pair. */
  list(programId: string | null, pair: { base?: string; quote?: string }, limit: number, cursor?: string): Promise<FxRate[]> {
    return this.prisma.fxRate.findMany({
      where: { scope: { in: scopesVisibleTo(programId) }, ...pair, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  /** Per pair, the rate in force at `at`: the program's latest effective by then, else the latest global one. */
  effectiveAt(programId: string | null, pair: { base?: string; quote?: string }, at: Date): Promise<FxRate[]> {
    const base = pair.base ?? null;
    const quote = pair.quote ?? null;
    return this.prisma.$queryRaw<FxRate[]>`
      SELECT DISTINCT ON (base, quote) id, program_id AS "programId", scope, base, quote, rate,
             effective_from AS "effectiveFrom", created_by AS "createdBy", created_at AS "createdAt"
      FROM fx_rates
      WHERE scope = ANY(${scopesVisibleTo(programId)}::text[]) AND effective_from <= ${at}
        AND (${base}::text IS NULL OR base = ${base}) AND (${quote}::text IS NULL OR quote = ${quote})
      ORDER BY base, quote, (program_id IS NULL), effective_from DESC`;
  }

  /** Every rate into `quote` the program sees (its own and the global ones): what a dry run prices other currencies with. */
  ratesInto(programId: string, quote: string): Promise<FxRate[]> {
    return this.prisma.fxRate.findMany({ where: { scope: { in: scopesVisibleTo(programId) }, quote }, orderBy: { effectiveFrom: 'asc' } });
  }

  /** The program's conversions still waiting for a rate (a record whose conversion got priced since is stale, and left out). */
  unpriced(programId: string, limit: number, after?: { conversionId: string; partnerId: string }): Promise<UnpricedConversion[]> {
    const cursor = after ? Prisma.sql`AND (u.conversion_id, u.partner_id) > (${after.conversionId}, ${after.partnerId})` : Prisma.empty;
    return this.prisma.$queryRaw<UnpricedConversion[]>`
      SELECT u.conversion_id AS "conversionId", u.partner_id AS "partnerId", u.program_id AS "programId", u.base, u.quote,
             u.occurred_at AS "occurredAt", u.reason, u.recorded_at AS "recordedAt"
      FROM unpriced_conversions u
      WHERE u.program_id = ${programId} ${cursor}
        AND NOT EXISTS (SELECT 1 FROM commissions c WHERE c.conversion_id = u.conversion_id AND c.partner_id = u.partner_id)
      ORDER BY u.conversion_id, u.partner_id LIMIT ${limit + 1}`;
  }
}

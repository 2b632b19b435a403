import { Prisma, type Conversion } from '@partnerflow/db';
import { fxPairLockKey, fxSnapshotOf, MissingFxRateError, type FxSnapshot, type StoredFxRate } from '@partnerflow/domain';

/**
 * The commission activities' side of the FX rate table (prisma `FxRate`): the rate that prices a
 * conversion, and the record of a conversion that could not be priced for want of one, which
 * PUT …/fx-rates reads to hand it back to the hold workflow once a rate covers it.
 */

type Db = Prisma.TransactionClient;

/**
 * base→quote effective at `at` for the program: its own latest rate by then, else the latest
 * global one — the order of effectiveFxRate (domain), as one indexed statement.
 */
export function effectiveRateSql(programId: string, base: Prisma.Sql | string, quote: string, at: Prisma.Sql | Date): Prisma.Sql {
  return Prisma.sql`SELECT id, program_id AS "programId", base, quote, rate, effective_from AS "effectiveFrom" FROM fx_rates
    WHERE scope IN (${programId}, 'global') AND base = ${base} AND quote = ${quote} AND effective_from <= ${at}
    ORDER BY (program_id IS NULL), effective_from DESC LIMIT 1`;
}

async function effectiveRate(db: Db, programId: string, base: string, quote: string, at: Date): Promise<StoredFxRate | null> {
  const [rate] = await db.$queryRaw<StoredFxRate[]>(effectiveRateSql(programId, base, quote, at));
  return rate ?? null;
}

/** The snapshot a conversion in another currency than the plan's is priced with; undefined when none is needed or none exists. */
export async function fxSnapshotFor(db: Db, conversion: Conversion, planCurrency: string): Promise<FxSnapshot | undefined> {
  if (!conversion.currency || conversion.currency === planCurrency) return undefined;
  const rate = await effectiveRate(db, conversion.programId, conversion.currency, planCurrency, conversion.occurredAt);
  return rate ? fxSnapshotOf(rate) : undefined;
}

/** Thrown when a rate was committed while this attempt priced without it: the activity's retry prices with it. */
export class FxRateArrivedError extends Error {
  constructor(base: string, quote: string) {
    super(`a ${base}→${quote} FX rate was added while the conversion was being priced: the retry uses it`);
    this.name = 'FxRateArrivedError';
  }
}

/**
 * Records why the partner's share of the conversion stays unpriced. A PUT of rates takes the
 * pair's lock exclusively and re-pends the records it finds; taking it shared here, and looking
 * for a rate once more under it, means a rate committed meanwhile is never missed: either that
 * PUT sees this record, or this attempt sees its rate and fails so that the retry uses it.
 * Other domain errors are not FX and are not recorded.
 */
export async function recordUnpricedConversion(
  db: Db,
  { conversion, partnerId, error, asOf }: { conversion: Conversion; partnerId: string; error: unknown; asOf: Date },
): Promise<void> {
  if (!(error instanceof MissingFxRateError)) return;
  const { from: base, to: quote } = error;
  await db.$queryRaw`SELECT pg_advisory_xact_lock_shared(hashtext(${fxPairLockKey(base, quote)}))::text`;
  if (await effectiveRate(db, conversion.programId, base, quote, conversion.occurredAt)) throw new FxRateArrivedError(base, quote);
  await db.unpricedConversion.upsert({
    where: { conversionId_partnerId: { conversionId: conversion.id, partnerId } },
    create: { conversionId: conversion.id, partnerId, programId: conversion.programId, base, quote, occurredAt: conversion.occurredAt, reason: error.message, recordedAt: asOf },
    update: { base, quote, reason: error.message, recordedAt: asOf },
  });
}

import type { Conversion, Prisma } from '@partnerflow/db';
import type { CommissionComputation, CommissionLine, HoldConfig } from '@partnerflow/domain';
import { loadCommissionConfigs, type CommissionConfigs } from './commission-configs';
import type { IbMaster } from './commission-ib-upline';
import { insertCommissions, recordedCommissionsOf } from './commission-insert';
import type { RecordedConversion } from './commission-recording.activities';
import { reverseCommissionsOf, type ReversedCommission } from './commission-reversals';
import { commissionCreatedEvents, commissionReversedEvents, recordDomainEvents } from './events';

type Db = Prisma.TransactionClient;

/**
 * IB overrides as ledger facts of the masters: a sub-IB's conversion pays each master up its chain
 * a commission of its own (its ledger entries, its hold workflow), written in the sub-IB's
 * recording transaction. Its rule id is the engine's "<rule>/level-<n>" and the sub-IB it was
 * earned on: two sub-IBs of one master credited on the same conversion earn it two overrides,
 * each still keyed by (conversion, partner, rule) and found again by its sub-IB.
 */
export const overrideRuleId = (lineRuleId: string, subPartnerId: string): string => `${lineRuleId}/${subPartnerId}`;

const levelOf = (ruleId: string): number => Number(/\/level-(\d+)\//.exec(ruleId)?.[1] ?? 0);

function asStored(line: CommissionLine, subPartnerId: string, master: IbMaster): CommissionLine {
  const ruleId = overrideRuleId(line.ruleId, subPartnerId);
  const { explanation } = line;
  return {
    ...line,
    ruleId,
    explanation: {
      ...explanation,
      rule: { ...explanation.rule, ruleId },
      steps: [`IB override: level-${master.level} master of sub-IB ${subPartnerId} on its ${explanation.inputs.conversionType ?? 'conversion'}`, ...explanation.steps],
    },
  };
}

export interface RecordedOverrides {
  /** Override commissions of the masters this computation paid (new or recorded before). */
  count: number;
  eventIds: string[];
  /** In words: each master that earned nothing, and why. */
  skipped: string[];
}

/**
 * The masters' lines of the sub-IB's computation, as pending commissions of each master (the
 * conversion's hold and review rules, as the sub-IB's own). A master that may not earn (its
 * stage, another program: ibUplineOf) gets nothing, and the note says so; the engine's skips of
 * the masters' levels (no amount, no trade lines, zero) are named too.
 */
export async function recordIbOverrides(
  db: Db,
  { conversion, subPartnerId, computation, upline, configs, asOf }: { conversion: Conversion; subPartnerId: string; computation: CommissionComputation; upline: IbMaster[]; configs: CommissionConfigs; asOf: Date },
): Promise<RecordedOverrides> {
  const byMaster = new Map<string, CommissionLine[]>();
  const skipped: string[] = [];
  for (const line of computation.lines) {
    const master = upline.find((candidate) => candidate.partnerId === line.partnerId);
    if (line.partnerId === subPartnerId || !master) continue;
    if (master.notEarning) skipped.push(`${line.ruleId}: ${master.notEarning}`);
    else byMaster.set(master.partnerId, [...(byMaster.get(master.partnerId) ?? []), asStored(line, subPartnerId, master)]);
  }
  for (const skip of computation.skipped) {
    if (skip.partnerId !== subPartnerId && upline.some((master) => master.partnerId === skip.partnerId)) skipped.push(`${skip.ruleId}: ${skip.reason}`);
  }
  const eventIds: string[] = [];
  let count = 0;
  for (const [masterId, lines] of byMaster) {
    await insertCommissions(db, { conversion, partnerId: masterId, lines, configs, asOf });
    const rows = await db.commission.findMany({ where: { conversionId: conversion.id, partnerId: masterId, ruleId: { in: lines.map((line) => line.ruleId) } }, orderBy: { id: 'asc' } });
    count += rows.length;
    eventIds.push(...(await recordDomainEvents(db, commissionCreatedEvents(rows))));
  }
  return { count, eventIds, skipped };
}

/** The masters holding overrides earned on the sub-IB's part of `conversionId`, nearest first. */
async function overridesFrom(db: Db, conversionId: string, subPartnerId: string): Promise<Map<string, string[]>> {
  // A conversion has a handful of overrides: filtered here, as LIKE would read the ids' "_" as a wildcard.
  const all = await db.commission.findMany({ where: { conversionId, kind: 'ib_override' }, select: { id: true, partnerId: true, ruleId: true }, orderBy: { id: 'asc' } });
  const rows = all.filter((row) => row.ruleId.endsWith(`/${subPartnerId}`)).sort((a, b) => levelOf(a.ruleId) - levelOf(b.ruleId));
  const byMaster = new Map<string, string[]>();
  for (const row of rows) byMaster.set(row.partnerId, [...(byMaster.get(row.partnerId) ?? []), row.id]);
  return byMaster;
}

/** Whom to tell after the commit: the masters holding overrides earned on the sub-IB's part of the conversion. */
export async function mastersEarningOn(db: Db, conversionId: string, subPartnerId: string): Promise<string[]> {
  return [...(await overridesFrom(db, conversionId, subPartnerId)).keys()];
}

/**
 * A refund or chargeback of the sub-IB's conversion takes back, pro rata as the sub-IB's own, the
 * overrides its masters earned on it — nearest master first (the order every recording locks
 * them in) — with a `commission.reversed` event each. Keyed like every reversal: a repeat books
 * nothing more and answers what was booked.
 */
export async function reverseIbOverrides(
  db: Db,
  { reversal, subPartnerId, hold, asOf }: { reversal: Conversion; subPartnerId: string; hold: HoldConfig; asOf: Date },
): Promise<{ reversed: ReversedCommission[]; eventIds: string[] }> {
  if (!reversal.refersToId) return { reversed: [], eventIds: [] };
  const reversed: ReversedCommission[] = [];
  const eventIds: string[] = [];
  for (const [masterId, only] of await overridesFrom(db, reversal.refersToId, subPartnerId)) {
    const done = await reverseCommissionsOf(db, { reversal, partnerId: masterId, hold, asOf, only });
    reversed.push(...done);
    eventIds.push(...(await recordDomainEvents(db, commissionReversedEvents(done, reversal, masterId, asOf))));
  }
  return { reversed, eventIds };
}

async function overrideIdsHeldBy(db: Db, conversionId: string, partnerId: string): Promise<string[]> {
  const rows = await db.commission.findMany({ where: { conversionId, partnerId, kind: 'ib_override' }, select: { id: true }, orderBy: { id: 'asc' } });
  return rows.map((row) => row.id);
}

/**
 * For a partner the conversion does not credit — a master its sub-IB's recording told: the IB
 * overrides it holds on the conversion, for its hold workflow to hold and release; for a refund or
 * chargeback, their reversal (booked already by the sub-IB's recording, so this answers what was
 * booked). Without overrides there is nothing to do, as before.
 */
export async function overridesOfMaster(db: Db, conversion: Conversion, partnerId: string, asOf: Date, eventIds: string[]): Promise<RecordedConversion> {
  const base = { conversionId: conversion.id, created: [], reversed: [] };
  const held = await overrideIdsHeldBy(db, conversion.refersToId ?? conversion.id, partnerId);
  if (held.length === 0) return { ...base, outcome: 'nothing_to_do', note: `conversion ${conversion.id} does not credit partner ${partnerId}` };
  if (conversion.refersToId) {
    const { hold } = await loadCommissionConfigs(db, conversion.programId);
    const reversed = await reverseCommissionsOf(db, { reversal: conversion, partnerId, hold, asOf, only: held });
    eventIds.push(...(await recordDomainEvents(db, commissionReversedEvents(reversed, conversion, partnerId, asOf))));
    const note = `${conversion.type} ${conversion.id} of a sub-IB's ${conversion.refersToId}: ${reversed.length} IB override(s) of partner ${partnerId} reversed`;
    return { ...base, outcome: reversed.length === 0 ? 'nothing_to_do' : 'reversed', note, reversed };
  }
  const created = await recordedCommissionsOf(db, conversion.id, partnerId);
  return { ...base, outcome: 'created', note: `${created.length} IB override commission(s) of partner ${partnerId} on its sub-IB's ${conversion.type} ${conversion.id}`, created };
}

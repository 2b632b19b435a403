import type { Conversion, PartnerStage, Prisma } from '@partnerflow/db';
import { CREDITING_STAGES, type CommissionPlan } from '@partnerflow/domain';

type Db = Prisma.TransactionClient;

/** The plan schema allows at most 10 levels per ib_override rule; the walk never goes further. */
export const MAX_OVERRIDE_LEVELS = 10;

/** One master above the converting partner: level 1 is its parent. */
export interface IbMaster {
  partnerId: string;
  level: number;
  /** Why this master earns no override (its stage, another program); null when it earns. */
  notEarning: string | null;
}

/** How many levels the plan's ib_override rules covering `type` (absent: any type) pay, tier variants included. */
export function overrideDepth(plan: CommissionPlan, type?: Conversion['type']): number {
  let depth = 0;
  for (const rule of plan.rules) {
    if (rule.type !== 'ib_override' || (type !== undefined && !rule.events.includes(type as (typeof rule.events)[number]))) continue;
    const variants = [rule, ...Object.values(rule.byTier ?? {})];
    for (const terms of variants) depth = Math.max(depth, terms.levels.length);
  }
  return Math.min(depth, MAX_OVERRIDE_LEVELS);
}

interface ChainRow {
  fromId: string;
  partnerId: string;
  level: number;
  stage: PartnerStage;
  programId: string;
}

/**
 * The masters of each of `partnerIds`, nearest first, up to `depth` levels: the chain of
 * `parent_partner_id` in one recursive query for all of them. The walk stops at a partner
 * already on the path, so a damaged hierarchy can never loop. Every master keeps its level, so
 * level-n terms always pay the n-th master up; one that may not earn — not in a crediting stage
 * (ACTIVE, PRODUCING, CONSISTENT, AT_RISK: a paused, terminated or rejected master earns on its
 * sub-IBs no more than on its own clicks), or outside `programId` — is kept with the reason, and
 * its line is dropped at recording, not passed on to the master above.
 */
export async function ibUplinesOf(db: Db, programId: string, partnerIds: string[], depth: number): Promise<Map<string, IbMaster[]>> {
  const chains = new Map<string, IbMaster[]>(partnerIds.map((id) => [id, []]));
  if (depth === 0 || partnerIds.length === 0) return chains;
  const rows = await db.$queryRaw<ChainRow[]>`
    WITH RECURSIVE chain AS (
      SELECT p.id AS from_id, p.parent_partner_id AS id, 1 AS level, ARRAY[p.id, p.parent_partner_id] AS path
      FROM partners p WHERE p.id = ANY(${partnerIds}::text[]) AND p.parent_partner_id IS NOT NULL
      UNION ALL
      SELECT c.from_id, p.parent_partner_id, c.level + 1, c.path || p.parent_partner_id
      FROM chain c JOIN partners p ON p.id = c.id
      WHERE p.parent_partner_id IS NOT NULL AND c.level < ${depth}::int AND NOT p.parent_partner_id = ANY(c.path)
    )
    SELECT c.from_id AS "fromId", c.id AS "partnerId", c.level::int AS level, m.stage, m.program_id AS "programId"
    FROM chain c JOIN partners m ON m.id = c.id ORDER BY c.from_id, c.level`;
  for (const row of rows) {
    chains.get(row.fromId)!.push({
      partnerId: row.partnerId,
      level: row.level,
      notEarning:
        row.programId !== programId
          ? `master ${row.partnerId} belongs to another program (${row.programId}): earns no override`
          : CREDITING_STAGES.includes(row.stage)
            ? null
            : `master ${row.partnerId} is ${row.stage}: only masters in a crediting stage (${CREDITING_STAGES.join(', ')}) earn overrides`,
    });
  }
  return chains;
}

/**
 * The converting partner's masters as the hierarchy stands when the commission is recorded (like
 * the tier), only as deep as the plan's ib_override rules pay for this conversion type (none: no query).
 */
export async function ibUplineOf(db: Db, conversion: Conversion, partnerId: string, plan: CommissionPlan): Promise<IbMaster[]> {
  const chains = await ibUplinesOf(db, conversion.programId, [partnerId], overrideDepth(plan, conversion.type));
  return chains.get(partnerId) ?? [];
}


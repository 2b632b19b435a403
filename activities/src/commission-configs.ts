import { ApplicationFailure } from '@temporalio/common';
import type { Prisma } from '@partnerflow/db';
import {
  commissionPlanSchema,
  DEFAULT_COMMISSION_PLAN,
  DEFAULT_HOLD_CONFIG,
  holdConfigSchema,
  NonRetryableFailure,
  type CommissionPlan,
  type HoldConfig,
} from '@partnerflow/domain';
import type { z } from 'zod';

/** The versions a conversion's commissions are computed and held under; null: the built-in default. */
export interface CommissionConfigs {
  plan: CommissionPlan;
  planVersion: number | null;
  hold: HoldConfig;
  holdVersion: number | null;
}

type Db = Prisma.TransactionClient;

async function current<S extends z.ZodType>(
  db: Db,
  programId: string,
  kind: 'commission_plan' | 'hold',
  schema: S,
  fallback: z.input<S>,
): Promise<{ document: z.infer<S>; version: number | null }> {
  const row = await db.configVersion.findFirst({ where: { programId, kind }, orderBy: { version: 'desc' } });
  if (!row) return { document: schema.parse(fallback), version: null };
  const parsed = schema.safeParse(row.document);
  if (!parsed.success) {
    // Saved versions were validated on PUT: this is a damaged row, and retrying cannot mend it.
    throw ApplicationFailure.nonRetryable(
      `${kind} config ${row.id} (version ${row.version}) is invalid: ${parsed.error.message}`,
      NonRetryableFailure.INVALID_CONFIG,
    );
  }
  return { document: parsed.data, version: row.version };
}

/**
 * The program's current commission plan and hold config, read when the conversion is processed
 * (a commission is priced and held by the versions in force then; its explanation names them).
 * A program without a version gets the built-in defaults, as a new install should show commissions.
 */
export async function loadCommissionConfigs(db: Db, programId: string): Promise<CommissionConfigs> {
  const plan = await current(db, programId, 'commission_plan', commissionPlanSchema, DEFAULT_COMMISSION_PLAN);
  const hold = await current(db, programId, 'hold', holdConfigSchema, DEFAULT_HOLD_CONFIG);
  return { plan: plan.document, planVersion: plan.version, hold: hold.document, holdVersion: hold.version };
}

/** How explanations name a version: "v3", or "the built-in default". */
export const versionLabel = (version: number | null): string => (version === null ? 'the built-in default' : `v${version}`);

import { ApplicationFailure } from '@temporalio/common';
import type { Prisma } from '@partnerflow/db';
import { DEFAULT_PAYOUT_POLICY, NonRetryableFailure, payoutPolicySchema, type PayoutPolicy } from '@partnerflow/domain';

type Db = Prisma.TransactionClient;

/** A payout policy and its version; version 0 is the built-in default (the program has none). */
export interface VersionedPayoutPolicy {
  policy: PayoutPolicy;
  version: number;
}

function parsed(row: { id: string; version: number; document: unknown }): PayoutPolicy {
  const result = payoutPolicySchema.safeParse(row.document);
  if (!result.success) {
    // Saved versions were validated on PUT: this is a damaged row, and retrying cannot mend it.
    throw ApplicationFailure.nonRetryable(`payout config ${row.id} (version ${row.version}) is invalid: ${result.error.message}`, NonRetryableFailure.INVALID_CONFIG);
  }
  return result.data;
}

/** The program's current payout policy; a run records the version and keeps it to the end. */
export async function currentPayoutPolicy(db: Db, programId: string): Promise<VersionedPayoutPolicy> {
  const row = await db.configVersion.findFirst({ where: { programId, kind: 'payout' }, orderBy: { version: 'desc' } });
  return row ? { policy: parsed(row), version: row.version } : { policy: payoutPolicySchema.parse(DEFAULT_PAYOUT_POLICY), version: 0 };
}

/** The version a run started under. */
export async function payoutPolicyVersion(db: Db, programId: string, version: number): Promise<PayoutPolicy> {
  if (version === 0) return payoutPolicySchema.parse(DEFAULT_PAYOUT_POLICY);
  const row = await db.configVersion.findUnique({ where: { programId_kind_version: { programId, kind: 'payout', version } } });
  if (!row) throw ApplicationFailure.nonRetryable(`payout config version ${version} of ${programId} does not exist`, NonRetryableFailure.NOT_FOUND);
  return parsed(row);
}

import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '@partnerflow/db';
import {
  DEFAULT_TERMINATION_CONFIG,
  NonRetryableFailure,
  terminationConfigSchema,
  type AccountBalance,
  type LoadedTerminationConfig,
} from '@partnerflow/domain';
import { anonymisePartner, type AnonymisationRequest } from './partner-anonymisation';
import { forfeitUnpaidCommissions, type ForfeitureRequest } from './termination-forfeiture';

/**
 * What the wind-down workflow (`partner-<id>-termination`) does to the database: read the
 * program's termination policy, forfeit a fraudster's unpaid commissions, sum the ledger for the
 * final statement, and erase personal data when the retention period ends. Each write is keyed
 * by the workflow id, in one transaction, so a retried attempt answers the first result.
 */
export function createTerminationActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** The program's current termination config version, or the built-in default, saying which. */
    async loadTerminationConfig({ programId }: { programId: string }): Promise<LoadedTerminationConfig> {
      const row = await prisma.configVersion.findFirst({ where: { programId, kind: 'termination' }, orderBy: { version: 'desc' } });
      if (!row) {
        return {
          versionId: null,
          version: null,
          source: 'default',
          document: terminationConfigSchema.parse(DEFAULT_TERMINATION_CONFIG),
          reason: `program ${programId} has no termination config version: the built-in default policy applies`,
        };
      }
      const parsed = terminationConfigSchema.safeParse(row.document);
      if (!parsed.success) {
        throw ApplicationFailure.nonRetryable(`termination config ${row.id} (version ${row.version}) is invalid: ${parsed.error.message}`, NonRetryableFailure.INVALID_CONFIG);
      }
      return { versionId: row.id, version: row.version, source: 'program', document: parsed.data, reason: `the program's current termination config, version ${row.version}` };
    },

    async forfeitUnpaidCommissions(request: ForfeitureRequest) {
      return prisma.$transaction((tx) => forfeitUnpaidCommissions(tx, request));
    },

    /** The partner's ledger summed per account and currency: what the final statement reports. */
    async summarizePartnerBalance({ partnerId }: { partnerId: string }): Promise<AccountBalance[]> {
      const sums = await prisma.ledgerEntry.groupBy({ by: ['account', 'currency'], where: { partnerId }, _sum: { amountMinor: true } });
      return sums.map((row) => ({ account: row.account, currency: row.currency, amountMinor: (row._sum.amountMinor ?? 0n).toString() }));
    },

    async anonymisePartner(request: AnonymisationRequest) {
      return prisma.$transaction((tx) => anonymisePartner(tx, request));
    },
  };
}

export type TerminationActivities = ReturnType<typeof createTerminationActivities>;
export type { AnonymisationRequest } from './partner-anonymisation';
export type { ForfeitureRequest } from './termination-forfeiture';

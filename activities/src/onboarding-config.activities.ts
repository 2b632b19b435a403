import { ApplicationFailure } from '@temporalio/common';
import type { ConfigVersion, PrismaClient } from '@partnerflow/db';
import {
  DEFAULT_ONBOARDING_CONFIG,
  dripConfigLabel,
  NonRetryableFailure,
  onboardingConfigSchema,
  reviewPolicyOf,
  screeningConfigSchema,
  type DripConfig,
  type OnboardingConfig,
} from '@partnerflow/domain';

/** Who a `notify_manager` step emails, and where that list came from (for the history reader). */
export interface OnboardingManagers {
  recipients: string[];
  source: string;
}

/** A config version as a drip runs it; the workflow history keeps it as the activity's result. */
export interface LoadedOnboardingConfig {
  config: DripConfig;
  document: OnboardingConfig;
  /** How this version was chosen, in words for the history reader. */
  reason: string;
}

function parseStored(row: ConfigVersion): OnboardingConfig {
  const parsed = onboardingConfigSchema.safeParse(row.document);
  if (!parsed.success) {
    // Saved versions were validated on PUT: this is a damaged row, and retrying cannot mend it.
    throw ApplicationFailure.nonRetryable(
      `onboarding config ${row.id} (version ${row.version}) is invalid: ${parsed.error.message}`,
      NonRetryableFailure.INVALID_CONFIG,
    );
  }
  return parsed.data;
}

const fromRow = (row: ConfigVersion, reason: string): LoadedOnboardingConfig => ({
  config: { label: dripConfigLabel(row.version), versionId: row.id, version: row.version, source: 'program' },
  document: parseStored(row),
  reason,
});

/**
 * What a partner's drip reads from the program's configs: the onboarding version it runs — the
 * current one when approved (pinned for the drip's life), later a newer one only if its operator
 * saved it for running drips (`applyTo: "running"`) — and who its `notify_manager` steps email.
 */
export function createOnboardingConfigActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async loadOnboardingConfig({ programId }: { programId: string }): Promise<LoadedOnboardingConfig> {
      const row = await prisma.configVersion.findFirst({
        where: { programId, kind: 'onboarding' },
        orderBy: { version: 'desc' },
      });
      if (row) return fromRow(row, `the program's current onboarding config, version ${row.version}`);
      return {
        config: { label: dripConfigLabel(null), versionId: null, version: null, source: 'default' },
        document: onboardingConfigSchema.parse(DEFAULT_ONBOARDING_CONFIG),
        reason: `program ${programId} has no onboarding config version: the built-in default drip runs`,
      };
    },

    /**
     * The newest version saved after `newerThan` with `applyTo: "running"`, if any. Versions saved
     * for new partners only are passed over, even when they are newer.
     */
    async findOnboardingConfigToAdopt({
      programId,
      newerThan,
    }: {
      programId: string;
      /** The running version; null for the built-in default, which every stored version is newer than. */
      newerThan: number | null;
    }): Promise<LoadedOnboardingConfig | null> {
      const row = await prisma.configVersion.findFirst({
        where: { programId, kind: 'onboarding', applyTo: 'running', version: { gt: newerThan ?? 0 } },
        orderBy: { version: 'desc' },
      });
      return row ? fromRow(row, `version ${row.version} was saved with applyTo "running"`) : null;
    },

    /**
     * The program's reviewers — the operators whose addresses the program keeps (the current
     * screening config's `review.reviewerEmails`), the same people review emails go to.
     */
    async loadOnboardingManagers({ programId }: { programId: string }): Promise<OnboardingManagers> {
      const row = await prisma.configVersion.findFirst({
        where: { programId, kind: 'screening' },
        orderBy: { version: 'desc' },
      });
      const parsed = row ? screeningConfigSchema.safeParse(row.document) : undefined;
      if (!row || !parsed?.success) {
        return { recipients: [], source: 'the program has no valid screening config, so no reviewer emails' };
      }
      return {
        recipients: reviewPolicyOf(parsed.data).reviewerEmails,
        source: `review.reviewerEmails of the program's screening config, version ${row.version}`,
      };
    },
  };
}

export type OnboardingConfigActivities = ReturnType<typeof createOnboardingConfigActivities>;

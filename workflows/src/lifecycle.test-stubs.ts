import type { Activities, LoadedOnboardingConfig, PartnerEmailRequest, StageTransition } from '@partnerflow/activities';
import {
  dripConfigLabel,
  onboardingConfigSchema,
  screeningConfigSchema,
  terminationConfigSchema,
  type AccountBalance,
  type ForfeitureResult,
  type TerminationConfig,
} from '@partnerflow/domain';
import { engagementStubs, type EngagementScript } from './lifecycle-engagement.test-stubs';

/**
 * Activity stand-ins for tests and replay captures of the lifecycle's stages, pause and
 * termination: an approving screening (or one that asks for review), a given drip, a given
 * termination policy, and a log of what the workflows asked for, in order. Never registered by
 * the worker.
 */

export interface LifecycleScript {
  /** Onboarding steps (default: none). */
  drip?: unknown[];
  termination?: Partial<TerminationConfig>;
  /** The applicant's audience: below 1000 the screening asks for a human review. */
  audienceSize?: number;
  forfeiture?: ForfeitureResult;
  balances?: AccountBalance[];
  /** The program's reviewers (notify_manager, check-in); default: none. */
  managers?: string[];
  /** The engagement policy and partner the engagement watch sees (default: quiet for a year). */
  engagement?: EngagementScript;
}

/** A stage change as recorded, with its actor: `operator:<key>` or `workflow`. */
export type RecordedStage = Pick<StageTransition, 'from' | 'to' | 'reason' | 'step'> & { by: string };

export function lifecycleStubs(script: LifecycleScript = {}) {
  /** Everything in call order, e.g. `stage ACTIVE→PAUSED`, `email onboarding.top_pages`, `anonymise`. */
  const log: string[] = [];
  const stages: RecordedStage[] = [];
  const emails: PartnerEmailRequest[] = [];
  const forfeitures: unknown[] = [];
  const stage = (change: Omit<RecordedStage, 'by'>, by: string) => {
    stages.push({ from: change.from, to: change.to, reason: change.reason, step: change.step, by });
    log.push(`stage ${change.from}→${change.to}`);
    return { recorded: true };
  };
  const drip: LoadedOnboardingConfig = {
    config: { label: dripConfigLabel(1), versionId: 'cfg_onboarding', version: 1, source: 'program' },
    document: onboardingConfigSchema.parse({ steps: script.drip ?? [] }),
    reason: 'current version',
  };
  const engagement = engagementStubs(script.engagement, log);
  const activities: Partial<Activities> = {
    ...engagement.activities,
    loadScreeningConfig: async () => ({ version: 1, config: screeningConfigSchema.parse({ rules: [{ type: 'min_audience', min: 1000, outcome: 'review' }] }) }),
    loadApplicationForScreening: async () => ({
      name: 'Ada', email: 'ada@example.com', country: 'GB', website: 'https://ada.example.com', channels: [], audienceSize: script.audienceSize ?? 5000, partnerType: 'content',
    }),
    openReviewTask: async () => ({ taskId: 'tsk_test' }),
    recordReviewMilestone: async () => ({ recorded: true }),
    recordReviewDecision: async () => ({ recorded: true }),
    recordStageChange: async (change) => stage(change, 'workflow'),
    recordStageTransition: async (change) => stage(change, `${change.actor.type}:${change.actor.id}`),
    recordTerminationScheduled: async ({ termination }) => {
      log.push(`termination scheduled ${termination.category}`);
      return { recorded: true };
    },
    sendPartnerEmail: async (request) => {
      emails.push(request);
      log.push(`email ${request.template}`);
      return { messageId: `msg_${request.step}`, smtpMessageId: null, alreadySent: false };
    },
    sendOperatorEmail: async ({ step, template }) => {
      if (template !== 'operator.onboarding_notification') log.push(`operator email ${template}`);
      return { messageId: `msg_${step}`, smtpMessageId: null, alreadySent: false };
    },
    loadOnboardingConfig: async () => drip,
    findOnboardingConfigToAdopt: async () => null,
    loadOnboardingManagers: async () => ({ recipients: script.managers ?? [], source: script.managers ? 'the test\'s reviewers' : 'none' }),
    recordOnboardingProgress: async ({ entries }) => ({ recorded: entries.length }),
    loadTerminationConfig: async () => ({
      versionId: 'cfg_termination',
      version: 2,
      source: 'program',
      document: terminationConfigSchema.parse({ finalPayout: true, dataRetentionDays: 30, ...script.termination }),
      reason: 'the program\'s current termination config, version 2',
    }),
    forfeitUnpaidCommissions: async (request) => {
      forfeitures.push(request);
      log.push('forfeit');
      return script.forfeiture ?? { forfeitedCount: 2, totals: [{ currency: 'EUR', amountMinor: '4500' }] };
    },
    summarizePartnerBalance: async () => script.balances ?? [{ account: 'approved', currency: 'EUR', amountMinor: '3000' }],
    anonymisePartner: async () => {
      log.push('anonymise');
      return { anonymised: true };
    },
  };
  return { activities: activities as Activities, log, stages, emails, forfeitures, engagement };
}

export type LifecycleStubs = ReturnType<typeof lifecycleStubs>;

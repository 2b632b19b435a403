import type { Activities, EngagementEvent, TierChange } from '@partnerflow/activities';
import {
  reengagementConfigSchema,
  type LatestActivity,
  type PeriodPerformance,
  type ReengagementConfig,
} from '@partnerflow/domain';
import type { z } from 'zod';

/**
 * Activity stand-ins for the lifecycle's engagement watch and re-engagement cycles, for tests
 * and replay captures: a given policy, a partner whose latest activity and period numbers the
 * test sets, and a record of what the workflows asked for. Never registered by the worker.
 */

export interface EngagementScript {
  /**
   * The program's reengagement config. Without one the program has turned engagement off: tests
   * of other paths then have no engagement timers, which would otherwise fire in later tests on
   * the same time-skipping server, where no worker polls their task queue, and stop time from
   * skipping.
   */
  policy?: z.input<typeof reengagementConfigSchema>;
  /** Policies of other programs, by program id (replay captures run several on one worker). */
  policies?: Record<string, z.input<typeof reengagementConfigSchema>>;
  /** A newer version saved for running workflows (adopted at the next check). */
  adoptable?: z.input<typeof reengagementConfigSchema>;
}

const OFF: z.input<typeof reengagementConfigSchema> = { enabled: false, steps: [{ type: 'performance_snapshot', afterDays: 0 }], outcome: 'at_risk' };

export function engagementStubs(script: EngagementScript = {}, log: string[] = []) {
  /** What the database says: the test moves it (a click, a conversion) and sets period numbers. */
  const partner = {
    lastActivity: null as LatestActivity | null,
    /** Numbers per period key (`2026-03`, `2026-Q1`), else `anyPeriod`, else nothing. */
    periods: {} as Record<string, Partial<PeriodPerformance>>,
    anyPeriod: {} as Partial<PeriodPerformance>,
  };
  const events: EngagementEvent[] = [];
  const tierChanges: TierChange[] = [];
  const measured: string[] = [];
  const tasks: string[] = [];
  const loaded = (document: z.input<typeof reengagementConfigSchema>, version: number) => ({
    config: { label: `v${version}`, versionId: `cfg_reengagement_${version}`, version, source: 'program' as const },
    document: reengagementConfigSchema.parse(document) as ReengagementConfig,
    reason: `version ${version}`,
  });
  const activities: Partial<Activities> = {
    loadEngagementPolicy: async ({ programId }) => loaded(script.policies?.[programId] ?? script.policy ?? OFF, 1),
    checkPartnerEngagement: async ({ runningVersion }) => ({
      lastActivity: partner.lastActivity,
      newerPolicy: script.adoptable && (runningVersion ?? 0) < 2 ? loaded(script.adoptable, 2) : null,
    }),
    measurePartnerPeriod: async ({ period, from, to, currency }) => {
      measured.push(period);
      return { period, from, to, conversions: 0, flaggedConversions: 0, referredRevenueMinor: '0', currency, ...(partner.periods[period] ?? partner.anyPeriod) };
    },
    recordTierChange: async (change) => {
      tierChanges.push(change);
      log.push(`tier ${change.from ?? 'none'}→${change.to ?? 'none'} ${change.direction}`);
      return { recorded: true };
    },
    recordEngagementEvent: async (event) => {
      events.push(event);
      return { recorded: true };
    },
    closePartnerCheckInTasks: async () => {
      log.push('check-in tasks closed');
      return { closed: tasks.length };
    },
    loadReengagementCheck: async ({ since, snapshotDays }) => ({
      activity: partner.lastActivity && Date.parse(partner.lastActivity.at) > Date.parse(since) ? partner.lastActivity : null,
      numbers: { days: snapshotDays, clicks: 4, conversions: 1, referredRevenue: null },
    }),
    openPartnerCheckInTask: async ({ workflowId }) => {
      tasks.push(workflowId);
      log.push('check-in task');
      return { taskId: `tsk_${workflowId}` };
    },
  };
  return { activities, partner, events, tierChanges, measured, tasks };
}

export type EngagementStubs = ReturnType<typeof engagementStubs>;

/** Polls `check` in real time (queries answer at once; time-skipping moves only on sleeps). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

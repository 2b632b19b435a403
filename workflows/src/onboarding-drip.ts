import { condition, isCancellation, log, upsertMemo } from '@temporalio/workflow';
import type { LoadedOnboardingConfig } from '@partnerflow/activities';
import {
  adoptConfig,
  dueSteps,
  endWait,
  nextDueAt,
  pinConfig,
  planOnboardingTimeline,
  stopDrip,
  waitsEndedByEvent,
  type DripConfig,
  type DripJournalEntry,
  type DripStep,
} from '@partnerflow/domain';
import { databaseActivities } from './activity-proxies';
import { failureMessage, runDueStep, type DripStepContext } from './onboarding-steps';

/** A partner's drip, run inside their lifecycle workflow, which feeds `state.activity` from signals. */
export interface DripRun extends DripStepContext {
  /** Workflow time of the approval: every step's delay counts from it. */
  approvedAtMs: number;
  /** Why the drip must stop now (the partner left onboarding), or undefined to go on. */
  stopReason(): string | undefined;
  /** The partner is paused: due steps wait for the resume (nothing is sent during a pause). */
  isPaused(): boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The version a drip runs, in the memo, so lists of workflows show it without a query. For the
 * built-in default the id and number are null, which removes them: the source says `default`.
 */
function recordInMemo(config: DripConfig): void {
  upsertMemo({
    onboardingConfigVersionId: config.versionId,
    onboardingConfigVersion: config.version,
    onboardingConfigSource: config.source,
  });
}

/** Outcomes collected while the drip works, written to the audit log in one activity per boundary. */
function dripJournal(run: DripRun) {
  const entries: DripJournalEntry[] = [];
  return {
    steps: (steps: DripStep[]) => entries.push(...steps.map((step) => ({ kind: 'step' as const, step: { ...step } }))),
    latestConfigChange: () => entries.push({ kind: 'config', change: { ...run.state.configChanges.at(-1)! } }),
    async flush() {
      if (entries.length === 0) return;
      await databaseActivities.recordOnboardingProgress({
        workflowId: run.workflowId,
        partnerId: run.partnerId,
        entries: entries.splice(0),
      });
    },
  };
}
type DripJournal = ReturnType<typeof dripJournal>;

const timelineOf = (loaded: LoadedOnboardingConfig, run: DripRun) =>
  planOnboardingTimeline(loaded.document, new Date(run.approvedAtMs));

/** At a step boundary: a newer version saved for running drips replaces the rest of this one. */
async function adoptNewerVersion(run: DripRun, journal: DripJournal, boundaryMs: number): Promise<void> {
  let newer: LoadedOnboardingConfig | null;
  try {
    newer = await databaseActivities.findOnboardingConfigToAdopt({
      programId: run.programId,
      newerThan: run.state.config?.version ?? null,
    });
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn('onboarding: keeping the running version, a newer one could not be loaded', { error: failureMessage(error) });
    return;
  }
  // (the activity asks for newer versions only; a stale answer must not re-adopt one)
  if (!newer || (newer.config.version ?? 0) <= (run.state.config?.version ?? 0)) return;
  const at = iso(Date.now());
  journal.steps(adoptConfig(run.state, newer.config, timelineOf(newer, run), boundaryMs, at, newer.reason));
  journal.latestConfigChange();
  recordInMemo(newer.config);
}

/**
 * Runs the program's onboarding steps at their times from the approval: pins the current config
 * version, then sleeps until the next step is due — or until a wait's event arrives, or the
 * partner leaves onboarding — and at each boundary adopts a version saved for running drips
 * before running what is due. Every outcome lands in `state` (the query) and the audit log.
 */
export async function runOnboardingDrip(run: DripRun): Promise<void> {
  const { state } = run;
  state.approvedAt = iso(run.approvedAtMs);
  const journal = dripJournal(run);
  let pinned: LoadedOnboardingConfig;
  try {
    pinned = await databaseActivities.loadOnboardingConfig({ programId: run.programId });
  } catch (error) {
    if (isCancellation(error)) throw error;
    state.status = 'failed';
    state.reason = `the onboarding config could not be loaded: ${failureMessage(error)}`;
    return;
  }
  pinConfig(state, pinned.config, timelineOf(pinned, run), iso(Date.now()), pinned.reason);
  journal.latestConfigChange();
  recordInMemo(pinned.config);

  const eventArrived = () => waitsEndedByEvent(state.steps, state.activity).length > 0;
  for (;;) {
    const stopReason = run.stopReason();
    if (stopReason) {
      journal.steps(stopDrip(state, iso(Date.now()), stopReason));
      break;
    }
    for (const wait of waitsEndedByEvent(state.steps, state.activity)) {
      journal.steps(endWait(state.steps, wait, state.activity, iso(Date.now())));
    }
    const next = nextDueAt(state.steps);
    if (next === undefined) break;
    if (next > Date.now()) {
      await journal.flush(); // what this boundary did, in one audit write before the drip sleeps
      const sleepMs = next - Date.now();
      if (sleepMs > 0 && (await condition(() => eventArrived() || run.stopReason() !== undefined, sleepMs))) continue;
      await adoptNewerVersion(run, journal, next);
    }
    if (run.isPaused()) {
      // Steps that fell due in the pause run at the resume, in order (or end with the stop).
      await journal.flush();
      await condition(() => !run.isPaused() || run.stopReason() !== undefined);
      continue;
    }
    for (const step of dueSteps(state.steps, Date.now())) {
      if (run.isPaused()) break; // (a pause accepted while an earlier step was being sent)
      // (ending a wait may have skipped its branch steps listed here)
      if (step.status === 'pending') journal.steps(await runDueStep(step, run));
    }
  }
  if (state.status === 'running') state.status = 'finished';
  await journal.flush();
}

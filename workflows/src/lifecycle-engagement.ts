import { allHandlersFinished, condition, isCancellation, log } from '@temporalio/workflow';
import {
  describeActivity,
  entryTier,
  inactiveFromMs,
  laterActivity,
  nextActivityCheckMs,
  nextMonthStart,
  type LatestActivity,
} from '@partnerflow/domain';
import { databaseActivities } from './activity-proxies';
import { finishCycle, RunningCycle, startCycle } from './lifecycle-cycles';
import { ENGAGED_STAGES, iso, usePolicy, type EngagementRun } from './lifecycle-engagement-context';
import { checkTierMilestone, evaluateEndedMonth } from './lifecycle-evaluation';
import { recoverFromAtRisk } from './lifecycle-risk';
import { changeTier } from './tiers-keeper';

const failureMessage = (error: unknown): string => ((error as { cause?: Error }).cause ?? (error as Error)).message;

/** At approval: pins the engagement policy, places the partner on the tier ladder, schedules the first checks. */
export async function beginEngagement(run: EngagementRun, approvedAtMs: number): Promise<boolean> {
  const { state } = run;
  state.status = 'starting';
  state.approvedAt = iso(approvedAtMs);
  state.lastActivity = laterActivity({ at: state.approvedAt, kind: 'approval', sourceId: null, seenBy: 'approval' }, run.heard.latest);
  try {
    const loaded = await databaseActivities.loadEngagementPolicy({ programId: run.programId });
    if (!loaded.document.enabled) {
      Object.assign(state, { status: 'not_applicable', reason: `the program's engagement policy (${loaded.config.label}) is turned off` });
      return false;
    }
    await usePolicy(run, loaded, 'pinned');
  } catch (error) {
    if (isCancellation(error)) throw error;
    state.status = 'failed';
    state.reason = `the engagement policy could not be loaded: ${failureMessage(error)}`;
    return false;
  }
  const tiers = run.policy!.tiers;
  const entry = tiers ? entryTier(tiers) : null;
  if (entry) await changeTier(run, { from: null, to: entry, direction: 'assigned', reason: `${entry} is the entry tier of the program's ladder` });
  state.nextEvaluationAt = iso(nextMonthStart(approvedAtMs));
  state.nextCheckAt = iso(nextActivityCheckMs(state, run.policy!, Date.now()));
  state.status = 'watching';
  return true;
}

export interface EngagementWatchOptions {
  /** The run's history is long enough to continue as new. */
  runIsFull(): boolean;
  /** Continues as new with everything carried over (never returns). */
  continueAsNew(): Promise<never>;
}

/**
 * The partner's engagement after approval, until termination: a monthly timer evaluates the
 * month just ended (CONSISTENT, quality, tiers); an inactivity timer reads the partner's latest
 * activity from the database and, after `inactivityDays` of quiet (and the cooldown since the
 * last cycle), starts a re-engagement cycle as a child; activity heard by signal ends a cycle or
 * an AT_RISK at once and may promote a tier. One loop, so every decision is taken at a known
 * point, and at its top — nothing in flight — the run may continue as new.
 */
export async function watchEngagement(run: EngagementRun, options: EngagementWatchOptions): Promise<void> {
  const { state, heard, control, keeper } = run;
  const policy = () => run.policy!;
  let seenSeq = 0;
  let seenConversions = 0;
  // (in an object: TypeScript would otherwise narrow it to null across the helpers that set it)
  const running: { cycle: RunningCycle | null } = { cycle: null };
  /** A cycle is due, but the drip still runs or the partner is paused: it waits for that to end. */
  let blocked = false;
  const ending = () => keeper.stage === 'TERMINATED' || control.recordedTermination() !== null;
  const due = (at: string | null) => at !== null && Date.parse(at) <= Date.now();
  /** A cycle may start now: no drip, no pause (a paused partner's stage is PAUSED, not an engaged one). */
  const mayStartCycle = () => !run.dripRunning() && !control.isPaused() && ENGAGED_STAGES.includes(keeper.stage);
  const unblocked = () => blocked && mayStartCycle();
  const schedule = () => {
    state.nextCheckAt = running.cycle ? null : iso(nextActivityCheckMs(state, policy(), Date.now()));
  };

  async function onActivityHeard(latest: LatestActivity | null): Promise<void> {
    state.lastActivity = laterActivity(state.lastActivity, latest);
    if (latest && running.cycle && Date.parse(latest.at) > Date.parse(state.cycle!.inactiveSince)) {
      await running.cycle.interrupt({ kind: 'activity', reason: `the partner was active again: ${describeActivity(latest)}`, activity: latest });
    }
    await recoverIfActive();
    if (heard.conversions !== seenConversions) {
      seenConversions = heard.conversions;
      await checkTierMilestone(run);
    }
  }

  async function recoverIfActive(): Promise<void> {
    const risk = state.atRisk;
    if (risk?.cause !== 'inactivity' || !state.lastActivity || !risk.quietSince) return;
    if (Date.parse(state.lastActivity.at) > Date.parse(risk.quietSince)) await recoverFromAtRisk(run, `active again: ${describeActivity(state.lastActivity)}`);
  }

  /** The inactivity timer: what the database says, a newer policy to adopt, and maybe a new cycle. */
  async function checkActivity(): Promise<void> {
    const check = await databaseActivities.checkPartnerEngagement({ partnerId: run.partnerId, programId: run.programId, runningVersion: state.config?.version ?? null });
    if (check.newerPolicy && (check.newerPolicy.config.version ?? 0) > (state.config?.version ?? 0)) await usePolicy(run, check.newerPolicy, 'adopted');
    state.lastActivity = laterActivity(state.lastActivity, check.lastActivity);
    await recoverIfActive();
    const nowMs = Date.now();
    const cooldownOver = !state.cooldownUntil || Date.parse(state.cooldownUntil) <= nowMs;
    if (nowMs >= inactiveFromMs(state, policy()) && cooldownOver && !ending()) {
      if (mayStartCycle()) running.cycle = await startCycle(run);
      else blocked = true; // (its check would be due again at once: it waits for the drip's end or the resume instead)
    }
    schedule();
  }

  for (;;) {
    if (ending()) {
      if (running.cycle && !running.cycle.result) {
        await running.cycle.interrupt({ kind: 'stop', reason: 'the partner is being terminated' });
        await condition(() => running.cycle!.result !== null);
      }
      Object.assign(state, { status: 'ended', reason: 'the partner is terminated or leaving', nextCheckAt: null, nextEvaluationAt: null, cycle: null });
      return;
    }
    if (heard.seq !== seenSeq) {
      seenSeq = heard.seq;
      await onActivityHeard(heard.latest);
      continue;
    }
    if (running.cycle?.result) {
      await finishCycle(run, running.cycle.result);
      running.cycle = null;
      schedule();
      continue;
    }
    if (running.cycle && control.isPaused() && !running.cycle.interrupted) await running.cycle.interrupt({ kind: 'stop', reason: 'the partner was paused' });
    if (due(state.nextEvaluationAt)) {
      await evaluateEndedMonth(run, Date.parse(state.nextEvaluationAt!));
      continue;
    }
    if (unblocked()) blocked = false;
    if (!running.cycle && !blocked && due(state.nextCheckAt)) {
      await checkActivity();
      continue;
    }
    if (!running.cycle && !run.dripRunning() && keeper.idle && options.runIsFull()) {
      await condition(allHandlersFinished);
      // (no await from this check to the call: nothing can slip in between)
      if (heard.seq === seenSeq && keeper.idle && !ending()) {
        log.info('lifecycle continues as new', { run: state.run });
        return options.continueAsNew();
      }
      continue;
    }
    const wakeAt = Math.min(
      state.nextEvaluationAt ? Date.parse(state.nextEvaluationAt) : Infinity,
      !running.cycle && !blocked && state.nextCheckAt ? Date.parse(state.nextCheckAt) : Infinity,
    );
    const news = () =>
      heard.seq !== seenSeq || ending() || (running.cycle !== null && (running.cycle.result !== null || (control.isPaused() && !running.cycle.interrupted))) || unblocked();
    if (wakeAt === Infinity) await condition(news);
    else if (wakeAt > Date.now()) await condition(news, wakeAt - Date.now());
  }
}

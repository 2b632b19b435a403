import { log, ParentClosePolicy, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import {
  DAY_MS,
  reengagementCycleWorkflowId,
  reengagementInterruptSignal,
  tierOneBelow,
  type ReengagementCycleResult,
  type ReengagementInterrupt,
} from '@partnerflow/domain';
import { iso, now, type EngagementRun } from './lifecycle-engagement-context';
import { partnerSearchAttributes } from './lifecycle-stages';
import { moveToAtRisk } from './lifecycle-risk';
import { reengagementCycleWorkflow } from './reengagement-cycle.workflow';
import { changeTier } from './tiers-keeper';

/** The snapshot email's numbers cover this many days. */
const SNAPSHOT_DAYS = 90;

/** A re-engagement cycle under way: its child workflow and, once it has ended, its result. */
export class RunningCycle {
  result: ReengagementCycleResult | null = null;
  interrupted = false;

  constructor(private readonly handle: ChildWorkflowHandle<typeof reengagementCycleWorkflow>) {
    handle.result().then(
      (result) => (this.result = result),
      (error: Error) => (this.result = { outcome: 'stopped', reason: `the cycle failed: ${error.message}`, endedAt: now() }),
    );
  }

  /** Ends the cycle (once): the partner was active, or was paused or terminated. */
  async interrupt(interrupt: ReengagementInterrupt): Promise<void> {
    if (this.interrupted || this.result) return;
    this.interrupted = true;
    await this.handle.signal(reengagementInterruptSignal, interrupt);
  }
}

/**
 * Starts cycle n+1 as a child, `partner-<id>-reengage-<n>`, with the steps of the pinned policy.
 * A child: each cycle has its own history, query and email keys, and the lifecycle's history
 * stays small however many cycles a partner goes through.
 */
export async function startCycle(run: EngagementRun): Promise<RunningCycle> {
  const { state } = run;
  const policy = run.policy!;
  const number = state.cyclesStarted + 1;
  const workflowId = reengagementCycleWorkflowId(run.partnerId, number);
  const inactiveSince = state.lastActivity!;
  state.cyclesStarted = number;
  state.cycle = { number, workflowId, startedAt: now(), inactiveSince: inactiveSince.at };
  state.status = 'in_cycle';
  const handle = await startChild(reengagementCycleWorkflow, {
    workflowId,
    args: [
      {
        partnerId: run.partnerId,
        programId: run.programId,
        cycle: number,
        config: state.config!,
        steps: policy.steps,
        inactiveSince,
        snapshotDays: SNAPSHOT_DAYS,
        currency: policy.tiers?.currency ?? policy.consistency.currency ?? null,
      },
    ],
    parentClosePolicy: ParentClosePolicy.TERMINATE,
    typedSearchAttributes: partnerSearchAttributes(run, run.keeper.stage, 'reengagement'),
  });
  return new RunningCycle(handle);
}

/**
 * A cycle has ended. Still inactive after its last step: the policy's outcome — AT_RISK, or one
 * tier down (AT_RISK when there is no tier to go down from). Recovered: nothing to do, the
 * activity is the news. Then the cooldown before another cycle may start (not after a stopped one).
 */
export async function finishCycle(run: EngagementRun, result: ReengagementCycleResult): Promise<void> {
  const { state } = run;
  const policy = run.policy!;
  const cycle = state.cycle!;
  let consequence: string | null = null;
  if (result.outcome === 'still_inactive') {
    const reason = `re-engagement cycle ${cycle.number}: ${result.reason}`;
    const downgrade = policy.outcome === 'downgrade_tier' && policy.tiers ? tierOneBelow(policy.tiers, state.tier.name) : null;
    if (downgrade) {
      await changeTier(run, { ...downgrade, reason: `${reason}; ${downgrade.reason}` });
      consequence = `tier ${downgrade.from} → ${downgrade.to}`;
    } else {
      const why = policy.outcome === 'downgrade_tier' ? `${reason} (no lower tier to move to)` : reason;
      consequence = (await moveToAtRisk(run, 'inactivity', why, cycle.inactiveSince)) ? 'AT_RISK' : `stage stays ${run.keeper.stage}`;
    }
  }
  if (result.activity) state.lastActivity = result.activity;
  log.info('re-engagement cycle ended', { cycle: cycle.number, outcome: result.outcome, consequence });
  state.lastCycle = { ...cycle, endedAt: result.endedAt, outcome: result.outcome, reason: result.reason, consequence };
  state.cycle = null;
  state.status = 'watching';
  // (a cycle stopped by a pause does not count: the partner may get a whole cycle once resumed)
  if (result.outcome !== 'stopped') state.cooldownUntil = iso(Date.now() + policy.cycleCooldownDays * DAY_MS);
}

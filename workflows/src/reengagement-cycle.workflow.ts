import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  describeActivity,
  planCycleSteps,
  reengagementCycleQuery,
  reengagementInterruptSignal,
  type CycleStep,
  type ReengagementCycleInput,
  type ReengagementCycleResult,
  type ReengagementCycleState,
  type ReengagementInterrupt,
} from '@partnerflow/domain';
import { databaseActivities } from './activity-proxies';
import { runCycleStep, type CycleContext } from './reengagement-steps';

const now = () => new Date(Date.now()).toISOString();

/**
 * One re-engagement cycle of a quiet partner (`partner-<id>-reengage-<n>`, started by the
 * lifecycle): the pinned policy's steps — performance snapshot, mini-challenge, check-in with a
 * task for the managers — each at its time from the cycle's start. Before each step it reads the
 * partner's latest activity, so a click or conversion since the cycle began ends it
 * (`recovered`) and nothing more is sent; the lifecycle's interrupt signal ends it at once (an
 * activity it heard, or a pause or termination: `stopped`). After the last step the partner is
 * `still_inactive`, and the lifecycle applies the policy's outcome. Every step is an audit entry
 * about the partner, keyed by this workflow's id.
 */
export async function reengagementCycleWorkflow(input: ReengagementCycleInput): Promise<ReengagementCycleResult> {
  const { workflowId } = workflowInfo();
  const startedAtMs = Date.now();
  const state: ReengagementCycleState = {
    cycle: input.cycle,
    status: 'running',
    config: input.config,
    startedAt: new Date(startedAtMs).toISOString(),
    inactiveSince: input.inactiveSince,
    steps: planCycleSteps(input.steps, startedAtMs),
  };
  let interrupt: ReengagementInterrupt | null = null;
  setHandler(reengagementCycleQuery, () => state);
  setHandler(reengagementInterruptSignal, (signal) => {
    interrupt ??= signal;
  });
  const context: CycleContext = { input, workflowId, state };
  const journal = (key: string, action: string, after: Record<string, string | number | null>, reason?: string) =>
    databaseActivities.recordEngagementEvent({ partnerId: input.partnerId, workflowId, key, action, after: { cycle: input.cycle, ...after }, reason });

  await journal('started', 'reengagement.cycle_started', { workflowId, inactiveSince: input.inactiveSince.at, config: input.config.label }, `no click or conversion since ${describeActivity(input.inactiveSince)}`);

  const byDueTime = [...state.steps].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  let result: ReengagementCycleResult | null = null;
  const interrupted = (): ReengagementCycleResult | null =>
    interrupt && {
      outcome: interrupt.kind === 'activity' ? 'recovered' : 'stopped',
      reason: interrupt.reason,
      endedAt: now(),
      ...(interrupt.activity ? { activity: interrupt.activity } : {}),
    };
  for (const step of byDueTime) {
    const waitMs = Date.parse(step.dueAt) - Date.now();
    if (waitMs > 0) await condition(() => interrupt !== null, waitMs);
    result = interrupted();
    if (result) break;
    const check = await databaseActivities.loadReengagementCheck({ partnerId: input.partnerId, since: input.inactiveSince.at, snapshotDays: input.snapshotDays, currency: input.currency });
    if (check.activity) {
      result = { outcome: 'recovered', reason: `the partner was active again: ${describeActivity(check.activity)}`, endedAt: now(), activity: check.activity };
      break;
    }
    result = interrupted();
    if (result) break;
    const settled = await runCycleStep(step, check, context);
    await journal(`step:${step.id}`, `reengagement.step_${settled.status}`, { step: step.id, type: step.type, template: step.template }, settled.reason);
  }
  result ??= { outcome: 'still_inactive', reason: `no click or conversion since ${input.inactiveSince.at}, after all ${state.steps.length} steps`, endedAt: now() };
  endCycle(state, result);
  await journal('ended', 'reengagement.cycle_ended', { outcome: result.outcome }, result.reason);
  await condition(allHandlersFinished);
  return result;
}

function endCycle(state: ReengagementCycleState, result: ReengagementCycleResult): void {
  const reached = (step: CycleStep) => step.status !== 'pending';
  for (const step of state.steps.filter((candidate) => !reached(candidate))) {
    step.status = 'not_reached';
    step.reason = `the cycle ended ${result.outcome} before it was due or sent`;
  }
  state.status = result.outcome;
  state.endedAt = result.endedAt;
  state.reason = result.reason;
  if (result.activity) state.activity = result.activity;
}

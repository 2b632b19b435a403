import { databaseActivities } from './activity-proxies';
import { ENGAGED_STAGES, now, type EngagementRun } from './lifecycle-engagement-context';
import type { PartnerStage } from '@partnerflow/domain';

/**
 * The engagement stages the lifecycle moves a partner through on its own: AT_RISK (inactive
 * after a re-engagement cycle, or a month of flagged conversions) and back, and CONSISTENT and
 * back to PRODUCING. Every move goes through the StageKeeper (row, audit entry, Stage search
 * attribute), deciding from the stage it finds then, so an operator's pause in between wins.
 */

function nextStep(run: EngagementRun, name: string): string {
  run.state.counters.stageMoves += 1;
  return `${name}-${run.state.counters.stageMoves}`;
}

/** Into AT_RISK from an engaged stage; false when the partner is already there, paused or gone. */
export async function moveToAtRisk(run: EngagementRun, cause: 'inactivity' | 'quality', reason: string, quietSince?: string): Promise<boolean> {
  let from: PartnerStage | null = null;
  const moved = await run.keeper.change((stage) => {
    if (stage === 'AT_RISK' || !ENGAGED_STAGES.includes(stage)) return null;
    from = stage;
    return { to: 'AT_RISK', reason, step: nextStep(run, 'at-risk') };
  });
  if (moved && from) run.state.atRisk = { since: now(), from, cause, reason, ...(quietSince ? { quietSince } : {}) };
  return moved !== null;
}

/** Out of AT_RISK, back to the stage the partner was at risk from; open check-in tasks close. */
export async function recoverFromAtRisk(run: EngagementRun, reason: string): Promise<void> {
  const atRisk = run.state.atRisk;
  if (!atRisk) return;
  const moved = await run.keeper.change((stage) => (stage === 'AT_RISK' ? { to: atRisk.from, reason, step: nextStep(run, 'recovered') } : null));
  // Paused meanwhile: the pause returns to AT_RISK later, so the risk stays recorded.
  if (!moved && run.keeper.stage === 'PAUSED') return;
  run.state.atRisk = null;
  await databaseActivities.closePartnerCheckInTasks({ partnerId: run.partnerId, workflowId: run.workflowId, reason });
}

/** PRODUCING → CONSISTENT once the baseline streak is long enough; CONSISTENT → PRODUCING on a month below it. */
export async function followConsistency(run: EngagementRun, met: boolean, reason: string): Promise<void> {
  const policy = run.policy!.consistency;
  const streak = run.state.consistency.streak;
  await run.keeper.change((stage) => {
    if (stage === 'PRODUCING' && met && streak >= policy.months) return { to: 'CONSISTENT', reason, step: nextStep(run, 'consistent') };
    if (stage === 'CONSISTENT' && !met) return { to: 'PRODUCING', reason, step: nextStep(run, 'consistency-lost') };
    return null;
  });
}

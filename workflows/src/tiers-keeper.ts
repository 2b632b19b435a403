import { isCancellation, log } from '@temporalio/workflow';
import { KEPT_TIER_CHANGES, type TierDecision } from '@partnerflow/domain';
import { databaseActivities, emailActivities } from './activity-proxies';
import { now, type EngagementRun } from './lifecycle-engagement-context';

const TEMPLATES = { promoted: 'tier.promoted', demoted: 'tier.demoted' } as const;

/**
 * Records a tier change — the partner row and a `partner.tier_changed` audit entry in one
 * activity, keyed `<workflowId>:tier-<n>` — and tells the partner of a promotion or demotion
 * (an entry tier given at approval is not news). The counter is carried across runs, so every
 * change of the partner's life has its own key.
 */
export async function changeTier(run: EngagementRun, decision: TierDecision): Promise<void> {
  const { state } = run;
  state.counters.tierChanges += 1;
  const step = `tier-${state.counters.tierChanges}`;
  await databaseActivities.recordTierChange({ partnerId: run.partnerId, workflowId: run.workflowId, step, ...decision });
  const at = now();
  state.tier = {
    name: decision.to,
    since: at,
    changes: [...state.tier.changes, { at, ...decision }].slice(-KEPT_TIER_CHANGES),
  };
  if (decision.direction === 'assigned') return;
  try {
    await emailActivities.sendPartnerEmail({
      partnerId: run.partnerId,
      template: TEMPLATES[decision.direction],
      variables: { tier: decision.to ?? 'none', previousTier: decision.from ?? 'none', reason: decision.reason },
      workflowId: run.workflowId,
      step: `${step}-email`,
    });
  } catch (error) {
    if (isCancellation(error)) throw error;
    // (recorded as a failed message; the tier change itself stands)
    log.warn('tier change email not delivered', { step, error: (error as Error).message });
  }
}

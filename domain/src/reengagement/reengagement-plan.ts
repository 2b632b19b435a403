import { inactivityMs } from './engagement.engine';
import type { LatestActivity } from './engagement.state';
import type { ReengagementConfig } from './reengagement-config.schema';
import { planCycleSteps } from './reengagement-cycle';

export interface ReengagementPlan {
  enabled: boolean;
  /** What the quiet period counts from: the latest click or conversion, else the approval, else now. */
  quietSince: string;
  quietSinceSource: 'activity' | 'approval' | 'now';
  lastActivity: { at: string; kind: LatestActivity['kind']; sourceId: string | null } | null;
  /** When a cycle would start with no further activity: the end of the quiet period, or now if it has passed. */
  cycleStartsAt: string | null;
  steps: { step: string; type: string; template: string; at: string }[];
  outcome: ReengagementConfig['outcome'];
  /** When the outcome would apply: once the last step has run with the partner still quiet. */
  outcomeAt: string | null;
  summary: string;
}

/**
 * What the re-engagement policy would do for a partner who stays quiet from now on: when the
 * cycle starts, each step's email with its date, and when the outcome applies. It does not know
 * about a cycle already running or the cooldown after the last one (those live in the partner's
 * workflow, which `GET /v1/workflows` shows); it answers for the config.
 */
export function planReengagement(
  config: ReengagementConfig,
  partner: { approvedAt: Date | null; lastActivity: LatestActivity | null },
  nowMs: number,
): ReengagementPlan {
  const source = partner.lastActivity ? 'activity' : partner.approvedAt ? 'approval' : 'now';
  const quietSinceMs = partner.lastActivity ? Date.parse(partner.lastActivity.at) : (partner.approvedAt?.getTime() ?? nowMs);
  const lastActivity = partner.lastActivity ? { at: partner.lastActivity.at, kind: partner.lastActivity.kind, sourceId: partner.lastActivity.sourceId } : null;
  const base = { enabled: config.enabled, quietSince: new Date(quietSinceMs).toISOString(), quietSinceSource: source, lastActivity, outcome: config.outcome } as const;
  if (!config.enabled) {
    return { ...base, cycleStartsAt: null, steps: [], outcomeAt: null, summary: 're-engagement is turned off for this program: no cycle starts' };
  }
  const startMs = Math.max(quietSinceMs + inactivityMs(config), nowMs);
  const steps = planCycleSteps(config.steps, startMs).map((step) => ({ step: step.id, type: step.type, template: step.template, at: step.dueAt }));
  const outcomeAt = steps.reduce((latest, step) => (step.at > latest ? step.at : latest), steps[0].at);
  const outcome = config.outcome === 'at_risk' ? 'the partner goes AT_RISK' : 'the partner moves one tier down (AT_RISK without tiers)';
  return {
    ...base,
    cycleStartsAt: new Date(startMs).toISOString(),
    steps,
    outcomeAt,
    summary: `with no click or conversion, a cycle starts ${new Date(startMs).toISOString()}; ${steps.length} step(s) follow, and if still quiet at ${outcomeAt}, ${outcome}`,
  };
}

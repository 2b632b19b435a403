import type { PartnerStage } from '../partners/partner.schema';
import type { TierDirection } from '../tiers/tier.engine';

/**
 * What the lifecycle workflow knows of a partner's engagement after approval (`engagementState`
 * query): the re-engagement policy version it runs, the latest activity it has seen, the
 * current or last re-engagement cycle, AT_RISK, the tier and the CONSISTENT streak. Plain data:
 * it is also what the workflow carries into its next run when it continues as new.
 */

export interface EngagementConfigRef {
  /** `v<version>`, or `default` for the built-in policy. */
  label: string;
  versionId: string | null;
  version: number | null;
  source: 'program' | 'default';
}

export type ActivityKind = 'approval' | 'click' | 'conversion';

export interface LatestActivity {
  at: string;
  kind: ActivityKind;
  /** The click or conversion id; null for the approval. */
  sourceId: string | null;
  /** Where the workflow learnt of it: a signal from the api, or the database at a check. */
  seenBy: 'approval' | 'signal' | 'database';
}

export type CycleOutcome = 'recovered' | 'still_inactive' | 'stopped';

export interface CycleRef {
  number: number;
  workflowId: string;
  startedAt: string;
  /** The latest activity when the cycle started: anything later ends it. */
  inactiveSince: string;
}

export interface EndedCycle extends CycleRef {
  endedAt: string;
  outcome: CycleOutcome;
  reason: string;
  /** What the lifecycle did about a partner still inactive: AT_RISK, a tier down, or nothing. */
  consequence: string | null;
}

export interface AtRisk {
  since: string;
  /** The stage the partner goes back to when the risk is gone. */
  from: PartnerStage;
  cause: 'inactivity' | 'quality';
  reason: string;
  /** Inactivity: the latest activity when the partner was put at risk; anything later ends the risk. */
  quietSince?: string;
}

export interface MonthEvaluation {
  period: string;
  baselineMet: boolean;
  /** "3 conversions", "120.00 EUR referred revenue". */
  value: string;
  conversions: number;
  flaggedConversions: number;
  /** Not judged: the partner was paused or not yet producing. */
  note?: string;
}

export interface TierChangeRecord {
  at: string;
  from: string | null;
  to: string | null;
  direction: TierDirection;
  reason: string;
}

export interface EngagementState {
  status: 'not_applicable' | 'starting' | 'watching' | 'in_cycle' | 'ended' | 'failed';
  reason?: string;
  config: EngagementConfigRef | null;
  configChanges: { config: EngagementConfigRef; how: 'pinned' | 'adopted'; at: string; reason: string }[];
  approvedAt: string | null;
  lastActivity: LatestActivity | null;
  /** When the workflow next reads the partner's activity (the inactivity check). */
  nextCheckAt: string | null;
  /** No cycle starts before this (the cooldown after the last one). */
  cooldownUntil: string | null;
  cyclesStarted: number;
  cycle: CycleRef | null;
  lastCycle: EndedCycle | null;
  atRisk: AtRisk | null;
  tier: { name: string | null; since: string | null; changes: TierChangeRecord[] };
  consistency: { streak: number; months: MonthEvaluation[] };
  /** The next calendar month boundary, when the last month is evaluated. */
  nextEvaluationAt: string | null;
  /** Stage moves and tier changes made by this workflow: each names its audit entry's key. */
  counters: { stageMoves: number; tierChanges: number };
  /** Runs of the lifecycle so far (1 + times it continued as new). */
  run: number;
}

/** Kept in the query and carried over: the most recent months and tier changes only. */
export const KEPT_MONTHS = 12;
export const KEPT_TIER_CHANGES = 10;

export function newEngagementState(): EngagementState {
  return {
    status: 'not_applicable',
    config: null,
    configChanges: [],
    approvedAt: null,
    lastActivity: null,
    nextCheckAt: null,
    cooldownUntil: null,
    cyclesStarted: 0,
    cycle: null,
    lastCycle: null,
    atRisk: null,
    tier: { name: null, since: null, changes: [] },
    consistency: { streak: 0, months: [] },
    nextEvaluationAt: null,
    counters: { stageMoves: 0, tierChanges: 0 },
    run: 1,
  };
}

import { upsertMemo } from '@temporalio/workflow';
import type { LoadedEngagementPolicy } from '@partnerflow/activities';
import {
  KEPT_TIER_CHANGES,
  type EngagementState,
  type LatestActivity,
  type PartnerActivitySignalPayload,
  type PartnerStage,
  type ReengagementConfig,
} from '@partnerflow/domain';
import { databaseActivities } from './activity-proxies';
import type { LifecycleControl } from './lifecycle-control';
import type { StageKeeper } from './lifecycle-stages';

/**
 * What the lifecycle hears of the partner's activity through `partnerActivity` signals (first
 * click, first conversion, and later ones the api throttles): the latest, and a sequence number
 * the engagement watch compares to notice news without a command per signal.
 */
export class HeardActivity {
  latest: LatestActivity | null = null;
  seq = 0;
  /** Conversions heard (each may promote a tier before the period ends). */
  conversions = 0;

  note(signal: PartnerActivitySignalPayload): void {
    const atMs = Date.parse(signal?.at);
    if (Number.isNaN(atMs)) return;
    const kind = signal.event === 'first_click' || signal.event === 'click' ? 'click' : 'conversion';
    const heard: LatestActivity = { at: new Date(atMs).toISOString(), kind, sourceId: String(signal.sourceId ?? ''), seenBy: 'signal' };
    const isNews = !this.latest || atMs > Date.parse(this.latest.at);
    if (isNews) this.latest = heard;
    if (kind === 'conversion') this.conversions += 1;
    if (isNews || kind === 'conversion') this.seq += 1;
  }
}

/** One partner's engagement watch, inside its lifecycle workflow. */
export interface EngagementRun {
  partnerId: string;
  programId: string;
  workflowId: string;
  keeper: StageKeeper;
  control: LifecycleControl;
  state: EngagementState;
  heard: HeardActivity;
  /** The pinned policy document (null until pinned). */
  policy: ReengagementConfig | null;
  /** The onboarding drip still runs: no re-engagement cycle starts before it has ended. */
  dripRunning(): boolean;
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const now = () => iso(Date.now());

/** Stages a workflow's own engagement moves may start from. */
export const ENGAGED_STAGES: readonly PartnerStage[] = ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK'];

/** An engagement audit entry about the partner, keyed `<workflowId>:<key>`. */
export function journal(run: Pick<EngagementRun, 'partnerId' | 'workflowId'>, key: string, action: string, after: Record<string, string | number | boolean | null>, reason?: string) {
  return databaseActivities.recordEngagementEvent({ partnerId: run.partnerId, workflowId: run.workflowId, key, action, after, reason });
}

/** The policy in force: state, memo (lists of workflows show it) and the audit log. */
export async function usePolicy(run: EngagementRun, loaded: LoadedEngagementPolicy, how: 'pinned' | 'adopted'): Promise<void> {
  const { state } = run;
  run.policy = loaded.document;
  state.config = loaded.config;
  state.configChanges = [...state.configChanges, { config: loaded.config, how, at: now(), reason: loaded.reason }].slice(-KEPT_TIER_CHANGES);
  upsertMemo({
    engagementConfigVersionId: loaded.config.versionId,
    engagementConfigVersion: loaded.config.version,
    engagementConfigSource: loaded.config.source,
  });
  await journal(run, `engagement:${how}:${loaded.config.label}`, `reengagement.config_${how}`, { label: loaded.config.label, versionId: loaded.config.versionId, version: loaded.config.version }, loaded.reason);
}

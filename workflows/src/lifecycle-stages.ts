import { condition, patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import {
  PartnerIdAttribute,
  ProgramIdAttribute,
  StageAttribute,
  WorkflowKindAttribute,
  type LifecycleState,
  type PartnerActivityLog,
  type PartnerStage,
  type StageTransitionAccepted,
} from '@partnerflow/domain';
import { databaseActivities } from './activity-proxies';

/**
 * patched() id, recorded in the histories of running executions: never rename or reuse it.
 * Lifecycles that heard of their first conversion before this existed replay without the move.
 */
const FIRST_REFERRAL_PATCH = 'first-referral-producing';

export interface StageMove {
  to: PartnerStage;
  reason: string;
  /** Names the change within the workflow; with the workflow id, the audit entry's idempotency key. */
  step: string;
  /** The operator (API key id) who asked for it; absent for the workflow's own decisions. */
  operatorId?: string;
  /** The operator's api request, for the audit entry. */
  requestId?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What every workflow of a partner carries, so ops can list them by partner, program, stage and kind. */
export const partnerSearchAttributes = (
  partner: { partnerId: string; programId: string },
  stage: PartnerStage,
  kind: string,
): SearchAttributePair[] => [
  { key: PartnerIdAttribute, value: partner.partnerId },
  { key: ProgramIdAttribute, value: partner.programId },
  { key: StageAttribute, value: stage },
  { key: WorkflowKindAttribute, value: kind },
];

/**
 * The lifecycle owns the partner's stage, and every change goes through here: the database row
 * and the audit entry (one activity), then the Stage search attribute. Changes run one at a
 * time, each deciding from the stage the previous one left, because operators' updates and the
 * workflow's own moves (first referral, termination) can arrive together.
 */
export class StageKeeper {
  private last: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly partnerId: string,
    private readonly workflowId: string,
    private readonly state: LifecycleState,
  ) {}

  get stage(): PartnerStage {
    return this.state.stage;
  }

  /** No change is waiting or being recorded (a run may continue as new only then). */
  get idle(): boolean {
    return this.pending === 0;
  }

  /** Once earlier changes are done, `decide` answers the move to make from the current stage (null: none); it may throw to refuse. */
  change(decide: (stage: PartnerStage) => StageMove | null): Promise<StageTransitionAccepted | null> {
    this.pending += 1;
    const run = this.last.then(() => {
      const move = decide(this.state.stage);
      return move ? this.record(move) : null;
    });
    const settled = run.catch(() => undefined);
    this.last = settled;
    // (a separate branch: the chain's own timing, which running histories recorded, stays as it was)
    void settled.then(() => {
      this.pending -= 1;
    });
    return run;
  }

  async move(move: StageMove): Promise<StageTransitionAccepted> {
    return (await this.change(() => move))!;
  }

  private async record(move: StageMove): Promise<StageTransitionAccepted> {
    const from = this.state.stage;
    const change = { partnerId: this.partnerId, from, to: move.to, reason: move.reason, workflowId: this.workflowId, step: move.step };
    if (move.operatorId) {
      await databaseActivities.recordStageTransition({ ...change, actor: { type: 'operator', id: move.operatorId }, requestId: move.requestId });
    } else {
      // (the activity the lifecycle has always used for its own moves: running histories expect it)
      await databaseActivities.recordStageChange(change);
    }
    this.state.stage = move.to;
    upsertSearchAttributes([{ key: StageAttribute, value: move.to }]);
    return { from, to: move.to, reason: move.reason, by: move.operatorId ?? this.workflowId, at: iso(Date.now()) };
  }
}

/**
 * ACTIVE → PRODUCING ("first referral") once the partner's first conversion is heard: at once,
 * or after approval or a pause if it came earlier. Never leaves another stage.
 */
export async function promoteOnFirstReferral(keeper: StageKeeper, activity: () => PartnerActivityLog): Promise<void> {
  for (;;) {
    await condition(() => keeper.stage === 'ACTIVE' && activity().first_conversion !== undefined);
    if (!patched(FIRST_REFERRAL_PATCH)) return;
    const conversion = activity().first_conversion!;
    const moved = await keeper.change((stage) =>
      stage === 'ACTIVE'
        ? { to: 'PRODUCING', reason: `first referral: conversion ${conversion.sourceId} at ${conversion.at}`, step: 'first-referral' }
        : null,
    );
    if (moved) return;
  }
}

import { defineQuery, defineSignal } from '@temporalio/workflow';
import { delayMinutes } from '../configs/config-fields.schema';
import type { EmailTemplateName } from '../notifications/email-templates';
import type { CycleOutcome, EngagementConfigRef, LatestActivity } from './engagement.state';
import type { ReengagementStep } from './reengagement-config.schema';

/**
 * One re-engagement cycle (`partner-<id>-reengage-<n>`, a child of the lifecycle): the steps of
 * the pinned policy, each timed from the cycle's start, each sent only if the partner is still
 * inactive when it is due. Its own workflow so each cycle has its own history and email keys.
 */

export const reengagementCycleWorkflowId = (partnerId: string, cycle: number): string => `partner-${partnerId}-reengage-${cycle}`;

export interface ReengagementCycleInput {
  partnerId: string;
  programId: string;
  cycle: number;
  config: EngagementConfigRef;
  steps: ReengagementStep[];
  /** The partner's latest activity when the cycle started; any later click or conversion ends it. */
  inactiveSince: LatestActivity;
  /** Performance numbers in the snapshot email cover this many days. */
  snapshotDays: number;
  /** Revenue in the snapshot is counted in this currency (the tiers' or consistency's), if any. */
  currency: string | null;
}

export type CycleStepStatus = 'pending' | 'sent' | 'failed' | 'skipped' | 'not_reached';

export interface CycleStep {
  /** `steps.<index>` in the pinned document; with the cycle's workflow id, its email's idempotency key. */
  id: string;
  type: ReengagementStep['type'];
  template: EmailTemplateName;
  dueAt: string;
  status: CycleStepStatus;
  settledAt?: string;
  reason?: string;
}

export interface ReengagementCycleState {
  cycle: number;
  status: 'running' | CycleOutcome;
  config: EngagementConfigRef;
  startedAt: string;
  inactiveSince: LatestActivity;
  steps: CycleStep[];
  endedAt?: string;
  reason?: string;
  /** The activity that ended the cycle (recovered). */
  activity?: LatestActivity;
  /** The operator task opened by a check-in step. */
  checkInTaskId?: string;
}

export interface ReengagementCycleResult {
  outcome: CycleOutcome;
  reason: string;
  endedAt: string;
  activity?: LatestActivity;
}

/** From the lifecycle: the partner was active (the cycle ends recovered), or paused / terminated (stopped). */
export interface ReengagementInterrupt {
  kind: 'activity' | 'stop';
  reason: string;
  activity?: LatestActivity;
}

export const reengagementInterruptSignal = defineSignal<[ReengagementInterrupt]>('reengagementInterrupt');
export const reengagementCycleQuery = defineQuery<ReengagementCycleState>('reengagementCycle');

/** The steps with their due times from the cycle's start, in config order (ties keep that order). */
export function planCycleSteps(steps: ReengagementStep[], startedAtMs: number): CycleStep[] {
  return steps.map((step, index) => ({
    id: `steps.${index}`,
    type: step.type,
    template: step.template as EmailTemplateName,
    dueAt: new Date(startedAtMs + delayMinutes(step, 'after') * 60_000).toISOString(),
    status: 'pending' as const,
  }));
}

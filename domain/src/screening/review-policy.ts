import type { ReviewDecision } from '../workflows/partner-lifecycle.messages';
import {
  reviewPolicySchema,
  screeningConfigSchema,
  type ReviewPolicy,
  type ScreeningConfig,
} from './screening-config.schema';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Cool-off of a rejected applicant when the program's screening config does not say. */
export const DEFAULT_REAPPLY_AFTER_DAYS = 30;

/** `reviewerId` of a decision the screening workflow took itself when the review deadline passed. */
export const DEADLINE_REVIEWER_ID = 'deadline';

/** The config's review section, or the defaults when it has none (configs stored before it existed). */
export function reviewPolicyOf(config: ScreeningConfig): ReviewPolicy {
  return config.review ?? reviewPolicySchema.parse({});
}

/** When one review reminds, escalates and reaches its deadline (epoch milliseconds). */
export interface ReviewSchedule {
  remindAt: number;
  escalateAt: number;
  deadlineAt: number | null;
}

export function reviewSchedule(policy: ReviewPolicy, startedAt: number): ReviewSchedule {
  return {
    remindAt: startedAt + policy.remindAfterHours * HOUR_MS,
    escalateAt: startedAt + policy.escalateAfterHours * HOUR_MS,
    deadlineAt: policy.deadlineHours === undefined ? null : startedAt + policy.deadlineHours * HOUR_MS,
  };
}

export type ReviewMilestoneKind = 'reminder' | 'escalation' | 'deadline';

export interface ReviewMilestone {
  kind: ReviewMilestoneKind;
  /** Epoch milliseconds. */
  at: number;
}

/** The schedule as the durable timers of one review, earliest first. */
export function reviewMilestones(schedule: ReviewSchedule): ReviewMilestone[] {
  const milestones: ReviewMilestone[] = [
    { kind: 'reminder', at: schedule.remindAt },
    { kind: 'escalation', at: schedule.escalateAt },
  ];
  if (schedule.deadlineAt !== null) milestones.push({ kind: 'deadline', at: schedule.deadlineAt });
  return milestones.sort((a, b) => a.at - b.at);
}

/** What the workflow decides itself at the deadline; undefined when it keeps waiting. */
export function deadlineDecision(policy: ReviewPolicy): ReviewDecision | undefined {
  if (policy.onDeadline === 'keep_waiting' || policy.deadlineHours === undefined) return undefined;
  const verdict = policy.onDeadline === 'approve' ? 'approved' : 'rejected';
  return {
    decision: policy.onDeadline,
    reason: `no review decision within ${policy.deadlineHours} hours: ${verdict} automatically`,
    reviewerId: DEADLINE_REVIEWER_ID,
  };
}

/**
 * When an applicant rejected at `rejectedAt` may apply again, by the program's current screening
 * config (an operator who shortens the cool-off means it for everyone waiting). A stored document
 * that does not parse falls back to the default rather than locking applicants out.
 */
export function reapplyAllowedFrom(rejectedAt: Date, screeningConfigDocument: unknown): Date {
  const parsed = screeningConfigSchema.safeParse(screeningConfigDocument);
  const days = (parsed.success ? parsed.data.reapplyAfterDays : undefined) ?? DEFAULT_REAPPLY_AFTER_DAYS;
  return new Date(rejectedAt.getTime() + days * DAY_MS);
}

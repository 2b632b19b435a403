/**
 * How a partner's timeline (GET /v1/partners/:id/timeline) reads the lifecycle's engagement
 * audit entries: the policy pinned, each re-engagement cycle and step, and tier changes. Stage
 * changes (CONSISTENT, AT_RISK and back) are ordinary `partner.stage_changed` entries.
 */

type Fields = Record<string, unknown>;
interface Row {
  actorType: string;
  actorId: string;
  reason: string | null;
}

const text = (value: unknown): string => (value === undefined || value === null ? '?' : String(value));
const because = (row: Row) => (row.reason ? `: ${row.reason}` : '');
const by = (row: Row) => (row.actorType === 'operator' ? ` (by ${row.actorId})` : '');
const tierName = (value: unknown) => (value === undefined || value === null ? 'none' : String(value));

const CYCLE_OUTCOMES: Record<string, string> = {
  recovered: 'the partner was active again',
  still_inactive: 'still inactive after the last step',
  stopped: 'stopped',
};

export const ENGAGEMENT_TIMELINE_SUMMARIES: Record<string, (row: Row, after: Fields, before: Fields) => string> = {
  'partner.tier_changed': (row, after, before) => `Tier ${tierName(before.tier)} → ${tierName(after.tier)} (${text(after.direction)})${by(row)}${because(row)}`,
  'reengagement.config_pinned': (row, after) => `Engagement policy ${text(after.label)} in force (re-engagement, stages, tiers)${because(row)}`,
  'reengagement.config_adopted': (row, after) => `Engagement policy ${text(after.label)} adopted${because(row)}`,
  'reengagement.cycle_started': (_row, after) =>
    `Re-engagement cycle ${text(after.cycle)} started: no click or conversion since ${text(after.inactiveSince)}`,
  'reengagement.cycle_ended': (row, after) =>
    `Re-engagement cycle ${text(after.cycle)} ended: ${CYCLE_OUTCOMES[text(after.outcome)] ?? text(after.outcome)}${after.consequence ? ` → ${text(after.consequence)}` : ''}${because(row)}`,
  'reengagement.step_sent': (_row, after) => `Re-engagement cycle ${text(after.cycle)}: ${text(after.type)} sent (${text(after.template)})`,
  'reengagement.step_failed': (row, after) => `Re-engagement cycle ${text(after.cycle)}: ${text(after.type)} not delivered${because(row)}`,
  'reengagement.step_skipped': (row, after) => `Re-engagement cycle ${text(after.cycle)}: ${text(after.type)} skipped${because(row)}`,
};

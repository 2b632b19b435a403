import { z } from 'zod';
import { PAYOUT_TIMELINE_SUMMARIES } from '../payouts/payout-timeline';
import { ENGAGEMENT_TIMELINE_SUMMARIES } from '../reengagement/engagement-timeline';

/**
 * A partner's story in time order (`GET /v1/partners/:id/timeline`): audit entries about the
 * partner, its links, coupons and onboarding drip, and the messages sent, each with one line a
 * person can read. The summaries are pure functions of the stored rows.
 */

export const timelineEntrySchema = z
  .object({
    id: z.string().describe('the audit entry (aud_…) or message (msg_…) id'),
    at: z.iso.datetime(),
    source: z.enum(['audit', 'message']),
    type: z.string().describe('the audit action (e.g. partner.stage_changed), or message.<status>'),
    summary: z.string().describe('what happened, in words'),
    actor: z.object({ type: z.string(), id: z.string() }).nullable().describe('who did it (an operator key id, the workflow id, the applicant)'),
    reason: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).describe('the entry\'s recorded state (audit `after`, or the message\'s template, channel, status)'),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** An audit row as the repository reads it. */
export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  actorType: string;
  actorId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** A message row as the repository reads it. */
export interface MessageRow {
  id: string;
  createdAt: Date;
  channel: string;
  recipientType: string;
  template: string;
  subject: string;
  status: string;
  lastError: string | null;
  sentAt: Date | null;
}

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {});
const text = (value: unknown): string => (value === undefined || value === null ? '?' : String(value));
const byOperator = (row: AuditRow) => (row.actorType === 'operator' ? ` (by ${row.actorId})` : '');
const because = (row: AuditRow) => (row.reason ? `: ${row.reason}` : '');

const AUDIT_SUMMARIES: Record<string, (row: AuditRow, after: Fields, before: Fields) => string> = {
  'partner.applied': (_row, after) => `Applied to the program as a ${text(after.type)} partner`,
  'partner.reapplied': (_row, after) => `Applied again after a rejection (application ${text(after.applicationNumber)})`,
  'partner.stage_changed': (row, after, before) => `Stage ${text(before.stage)} → ${text(after.stage)}${byOperator(row)}${because(row)}`,
  'partner.review_decided': (row, after) => `Application review decided: ${text(after.review)}${byOperator(row)}${because(row)}`,
  'partner.termination_scheduled': (row, after) =>
    `Termination (${text(after.category)}) scheduled to take effect ${text(after.effectiveAt)}${byOperator(row)}${because(row)}`,
  'partner.commissions_forfeited': (row, after) =>
    `${text(after.forfeitedCount)} unpaid commission(s) forfeited${Array.isArray(after.totals) && after.totals.length > 0 ? ` (${(after.totals as Fields[]).map((total) => `${text(total.amount)} ${text(total.currency)}`).join(', ')})` : ''}${because(row)}`,
  'partner.anonymised': (_row, after) => `Personal data anonymised after the ${text(after.dataRetentionDays)}-day retention period (ids and ledger kept)`,
  'link.created': (row, after) => `Tracking link /r/${text(after.slug)} created for ${text(after.destination)}${byOperator(row)}`,
  'coupon.created': (row, after) => `Coupon ${text(after.code)} created${byOperator(row)}`,
  'onboarding.config_pinned': (row, after) => `Onboarding drip started with config ${text(after.label)}${because(row)}`,
  'onboarding.config_adopted': (row, after) => `Onboarding drip adopted config ${text(after.label)}${because(row)}`,
  ...PAYOUT_TIMELINE_SUMMARIES,
  ...ENGAGEMENT_TIMELINE_SUMMARIES,
};

function auditSummary(row: AuditRow): string {
  const after = fieldsOf(row.after);
  const summarize = AUDIT_SUMMARIES[row.action];
  if (summarize) return summarize(row, after, fieldsOf(row.before));
  if (row.action.startsWith('onboarding.step_')) {
    return `Onboarding step ${row.action.slice('onboarding.step_'.length).replace(/_/g, ' ')}: ${text(after.summary)}${because(row)}`;
  }
  return `${row.action}${byOperator(row)}${because(row)}`;
}

export function auditTimelineEntry(row: AuditRow): TimelineEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    source: 'audit',
    type: row.action,
    summary: auditSummary(row),
    actor: { type: row.actorType, id: row.actorId },
    reason: row.reason,
    details: fieldsOf(row.after),
  };
}

const MESSAGE_STATUS_WORDS: Record<string, string> = { queued: 'queued', sent: 'sent', failed: 'not delivered', read: 'read' };

export function messageTimelineEntry(row: MessageRow): TimelineEntry {
  const to = row.recipientType === 'operator' ? 'to the program\'s operators ' : '';
  const failure = row.status === 'failed' && row.lastError ? ` (${row.lastError})` : '';
  return {
    id: row.id,
    at: row.createdAt.toISOString(),
    source: 'message',
    type: `message.${row.status}`,
    summary: `${row.channel === 'email' ? 'Email' : 'Inbox message'} ${to}"${row.subject}" ${MESSAGE_STATUS_WORDS[row.status] ?? row.status}${failure}`,
    actor: null,
    reason: null,
    details: { template: row.template, channel: row.channel, recipientType: row.recipientType, status: row.status, sentAt: row.sentAt?.toISOString() ?? null },
  };
}

/**
 * Timeline pages are cut by position `(at, id)`, as the merged list of audit entries and messages
 * is ordered: the cursor is the last entry's position, opaque to the client.
 */
export interface TimelinePosition {
  at: Date;
  id: string;
}

export const encodeTimelineCursor = (entry: Pick<TimelineEntry, 'at' | 'id'>): string => `${Date.parse(entry.at).toString(36)}.${entry.id}`;

export function decodeTimelineCursor(cursor: string): TimelinePosition | undefined {
  const match = /^([0-9a-z]+)\.([a-z]+_[0-9a-z]+)$/.exec(cursor);
  if (!match) return undefined;
  const at = new Date(parseInt(match[1], 36));
  return Number.isNaN(at.getTime()) ? undefined : { at, id: match[2] };
}

/** Time order, ties by id: the order both queries use, so pages neither skip nor repeat. */
export const compareTimelineEntries = (a: TimelineEntry, b: TimelineEntry): number =>
  a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1;

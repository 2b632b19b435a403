import type { z } from 'zod';
import type { Broadcast } from '@partnerflow/db';
import type { BroadcastCounts, RecipientRow } from './broadcasts.repository';
import type { broadcastSchema, RecipientView } from './broadcasts.schemas';

const iso = (date: Date | null) => date?.toISOString() ?? null;

const EMPTY_COUNTS: BroadcastCounts = { partners: 0, addressed: 0, queued: 0, sent: 0, failed: 0, cancelled: 0, read: 0, acknowledged: 0, reminded: 0 };

export function broadcastView(broadcast: Broadcast, counts: BroadcastCounts = EMPTY_COUNTS): z.infer<typeof broadcastSchema> {
  return {
    id: broadcast.id,
    programId: broadcast.programId,
    subject: broadcast.subject,
    template: broadcast.template && broadcast.templateVersion !== null ? { key: broadcast.template, version: broadcast.templateVersion } : null,
    channels: broadcast.channels,
    segment: broadcast.segment as Record<string, unknown>,
    requireAck: broadcast.requireAck,
    reminders: (broadcast.reminders as { everyHours: number; max: number } | null) ?? null,
    rateLimit: { perMinute: broadcast.ratePerMinute, batchSize: broadcast.batchSize },
    status: broadcast.status,
    scheduleAt: iso(broadcast.scheduleAt),
    resolvedAt: iso(broadcast.resolvedAt),
    sentAt: iso(broadcast.sentAt),
    cancelled: broadcast.cancelledAt && broadcast.cancelledBy ? { at: broadcast.cancelledAt.toISOString(), by: broadcast.cancelledBy } : null,
    workflowId: broadcast.workflowId,
    createdAt: broadcast.createdAt.toISOString(),
    counts: {
      partners: counts.partners,
      deliveries: { queued: counts.queued, sent: counts.sent, failed: counts.failed, cancelled: counts.cancelled },
      read: counts.read,
      acknowledged: counts.acknowledged,
      notRead: counts.addressed - counts.read,
      notAcknowledged: broadcast.requireAck ? counts.addressed - counts.acknowledged : 0,
      reminded: counts.reminded,
    },
  };
}

export function recipientView(row: RecipientRow): RecipientView {
  return { ...row, sentAt: iso(row.sentAt), readAt: iso(row.readAt), acknowledgedAt: iso(row.acknowledgedAt) };
}

export const recipientCursor = (row: RecipientRow) => `${row.partnerId}:${row.channel}`;

export const RECIPIENT_CSV_COLUMNS = ['partner_id', 'partner_name', 'channel', 'recipient', 'status', 'message_id', 'sent_at', 'read_at', 'acknowledged_at', 'reminders_sent', 'error'];

/** RFC 4180: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
const cell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function recipientCsvRow(row: RecipientRow): string {
  const view = recipientView(row);
  return [view.partnerId, view.partnerName, view.channel, view.recipient, view.status, view.messageId, view.sentAt, view.readAt, view.acknowledgedAt, view.remindersSent, view.error].map(cell).join(',') + '\r\n';
}

import type { AuditEntry } from '@partnerflow/db';
import type { z } from 'zod';
import type { auditEntrySchema } from './audit.schemas';

export function auditEntryView(entry: AuditEntry): z.infer<typeof auditEntrySchema> {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before,
    after: entry.after,
    reason: entry.reason,
    requestId: entry.requestId,
    workflowId: entry.workflowId,
  };
}

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'before', 'after', 'reason', 'requestId', 'workflowId'] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. A leading = + - @
 * gets a `'` so a spreadsheet shows the text instead of running it as a formula.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsvRow(entry: AuditEntry): string {
  const view = auditEntryView(entry);
  return AUDIT_CSV_COLUMNS.map((column) => csvField(view[column])).join(',') + '\r\n';
}

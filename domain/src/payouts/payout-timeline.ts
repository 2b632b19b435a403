/**
 * How a partner's timeline (GET /v1/partners/:id/timeline) reads the payout run's audit entries:
 * one line per step of the partner's payout — prepared with the gates' verdict, approved,
 * rejected or skipped, paid, failed, held, returned.
 */

type Fields = Record<string, unknown>;
interface Row {
  actorType: string;
  actorId: string;
  reason: string | null;
}

const text = (value: unknown): string => (value === undefined || value === null ? '?' : String(value));
const money = (after: Fields) => `${text(after.amount)} ${text(after.currency ?? '')}`.trim();
const because = (row: Row) => (row.reason ? `: ${row.reason}` : '');
const by = (row: Row) => (row.actorType === 'operator' ? ` by ${row.actorId}` : '');

const PREPARED: Record<string, string> = {
  carried_over: 'carries over',
  held: 'is on hold',
  awaiting_approval: 'waits for approval',
  approved: 'is approved by the payout policy',
};

export const PAYOUT_TIMELINE_SUMMARIES: Record<string, (row: Row, after: Fields) => string> = {
  'payout.prepared': (row, after) => `Payout run ${text(after.runId)}: ${money(after)} ${PREPARED[text(after.status)] ?? text(after.status)}${because(row)}`,
  'payout.approval_given': (row) => `Payout approved${by(row)}, waiting for a second approver`,
  'payout.approved': (row) => `Payout approved${by(row)}`,
  'payout.rejected': (row) => `Payout rejected${by(row)}${because(row)}`,
  'payout.skipped': (row) => `Payout skipped to the next run${because(row)}`,
  'payout.paid': (row, after) => `Payout of ${money(after)} paid through ${text(after.provider)} (reference ${text(after.providerReference)})${by(row)}`,
  'payout.failed': (row, after) => `Payout of ${money(after)} failed at ${text(after.provider)}${because(row)}`,
  'payout.held': (row, after) => `Payout of ${money(after)} held${because(row)}`,
  'payout.returned': (row, after) => `Payout of ${money(after)} returned${by(row)}${because(row)}`,
};

import { Prisma, type DomainEvent as DomainEventRow } from '@partnerflow/db';
import { newId, type DomainEvent, type DomainEventInput, type DomainEventName } from '@partnerflow/domain';

type Db = Prisma.TransactionClient;

/**
 * The outbox write: records `event` in the caller's transaction, so it commits (or not) with the
 * state change it reports. Answers the event's id — the existing one when its idempotency key was
 * recorded before (a retried activity), so the caller can (re)start its dispatch either way.
 * After the commit, hand the ids to `dispatchDomainEvents…`; the catch-up covers a crash between.
 */
export async function recordDomainEvent(tx: Db, event: DomainEventInput): Promise<string> {
  const [id] = await recordDomainEvents(tx, [event]);
  return id;
}

/** Several events in one statement; ids in the order given. */
export async function recordDomainEvents(tx: Db, events: DomainEventInput[]): Promise<string[]> {
  if (events.length === 0) return [];
  // One row per key: ON CONFLICT DO UPDATE may not touch a row twice in one statement.
  const rows = [...new Map(events.map((event) => [event.idempotencyKey, { id: newId('domainEvent'), ...event }])).values()];
  // DO UPDATE (a no-op assignment) rather than DO NOTHING, so a repeat returns the first row's id.
  const stored = await tx.$queryRaw<{ id: string; key: string }[]>`
    INSERT INTO domain_events (id, name, program_id, partner_id, subject_type, subject_id, data, occurred_at, idempotency_key)
    SELECT * FROM unnest(
      ${rows.map((row) => row.id)}::text[], ${rows.map((row) => row.name)}::text[], ${rows.map((row) => row.programId)}::text[],
      ${rows.map((row) => row.partnerId ?? null)}::text[], ${rows.map((row) => row.subject?.type ?? null)}::text[],
      ${rows.map((row) => row.subject?.id ?? null)}::text[], ${rows.map((row) => JSON.stringify(row.data ?? {}))}::jsonb[],
      ${rows.map((row) => (row.occurredAt ?? new Date()).toISOString())}::timestamptz[], ${rows.map((row) => row.idempotencyKey)}::text[])
    ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
    RETURNING id, idempotency_key AS key`;
  const byKey = new Map(stored.map((row) => [row.key, row.id]));
  return events.map((event) => byKey.get(event.idempotencyKey)!);
}

/** A stored row as every consumer sees it. */
export function domainEventOf(row: DomainEventRow): DomainEvent {
  return {
    id: row.id,
    name: row.name as DomainEventName,
    programId: row.programId,
    ...(row.partnerId ? { partnerId: row.partnerId } : {}),
    ...(row.subjectType && row.subjectId ? { subject: { type: row.subjectType, id: row.subjectId } } : {}),
    data: (row.data ?? {}) as Record<string, unknown>,
    occurredAt: row.occurredAt.toISOString(),
  };
}

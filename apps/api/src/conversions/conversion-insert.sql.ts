import { Prisma } from '@partnerflow/db';
import type { DomainEventInput } from '@partnerflow/domain';
import { arrayTypeOf, castFrom, INSERTED_COLUMNS, valueOf } from './conversion-columns';
import type { NewConversion, NewCustomerAttribution, NewShare } from './conversions.repository';

/** bigint[] travels as text and is cast back by PostgreSQL: exact, whatever the driver does with bigint arrays. */
const bigintText = (value: bigint | null) => (value === null ? null : value.toString());

/** The outbox row (conversion.created) of one conversion: written by the statement that writes the conversion. */
export interface NewConversionEvent {
  id: string;
  input: DomainEventInput;
}

/** One conversion of a batch, with what its statement writes beside it. */
export interface ConversionWrite {
  conversion: NewConversion;
  shares: NewShare[];
  customer?: NewCustomerAttribution;
  event: NewConversionEvent;
}

const columnList = (columns: typeof INSERTED_COLUMNS) => Prisma.raw(columns.map(([, name]) => name).join(', '));

/**
 * A whole batch of conversions in one statement (one round trip, one commit): the rows — each
 * skipped when its business key exists — and, fed by the rows actually inserted, their shares, the
 * customers' first partners and the outbox rows (conversion.created). Data-modifying CTEs run
 * together in one snapshot, so it is atomic without a transaction round trip. Every value travels
 * in one array per column, so the text is the same for any batch (prepared once per connection).
 * Answers the ids inserted; a conversion missing from the answer was already stored (a racing repeat).
 */
export function insertConversionsStatement(writes: ConversionWrite[]): Prisma.Sql {
  const conversions = writes.map((write) => write.conversion);
  const shares = writes.flatMap((write) => write.shares.map((share) => ({ conversionId: write.conversion.id, ...share })));
  const customers = writes.flatMap((write) =>
    write.customer && write.conversion.customerId !== null
      ? [{ ...write.customer, programId: write.conversion.programId, customerId: write.conversion.customerId, conversionId: write.conversion.id }]
      : [],
  );
  const events = writes.map((write) => ({ ...write.event.input, eventId: write.event.id, conversionId: write.conversion.id }));
  return Prisma.sql`
    WITH inserted AS (
      INSERT INTO conversions (${columnList(INSERTED_COLUMNS)})
      SELECT ${Prisma.raw(INSERTED_COLUMNS.map((column) => castFrom('c', column)).join(', '))}
      FROM unnest(${Prisma.join(INSERTED_COLUMNS.map((column) => Prisma.sql`${conversions.map((c) => valueOf(c, column))}::${Prisma.raw(arrayTypeOf(column))}[]`))})
        WITH ORDINALITY AS c(${columnList(INSERTED_COLUMNS)}, n)
      ORDER BY c.n
      ON CONFLICT (program_id, external_id, type) DO NOTHING
      RETURNING id, received_at
    ), shares AS (
      INSERT INTO conversion_shares (conversion_id, touch_id, touch_kind, partner_id, share_ppm, amount_minor)
      SELECT s.conversion_id, s.touch_id, s.touch_kind::"TouchKind", s.partner_id, s.share_ppm, s.amount_minor::bigint
      FROM unnest(${shares.map((s) => s.conversionId)}::text[], ${shares.map((s) => s.touchId)}::text[], ${shares.map((s) => s.touchKind)}::text[],
        ${shares.map((s) => s.partnerId)}::text[], ${shares.map((s) => s.sharePpm)}::int[],
        ${shares.map((s) => bigintText(s.amountMinor))}::text[]) AS s(conversion_id, touch_id, touch_kind, partner_id, share_ppm, amount_minor)
      JOIN inserted ON inserted.id = s.conversion_id
    ), customer AS (
      INSERT INTO customer_attributions (program_id, customer_id, partner_id, conversion_id, attributed_at)
      SELECT a.program_id, a.customer_id, a.partner_id, a.conversion_id, a.attributed_at
      FROM unnest(${customers.map((a) => a.programId)}::text[], ${customers.map((a) => a.customerId)}::text[], ${customers.map((a) => a.partnerId)}::text[],
        ${customers.map((a) => a.conversionId)}::text[], ${customers.map((a) => a.attributedAt.toISOString())}::timestamptz[])
        AS a(program_id, customer_id, partner_id, conversion_id, attributed_at)
      JOIN inserted ON inserted.id = a.conversion_id
      ON CONFLICT DO NOTHING
    ), event AS (
      INSERT INTO domain_events (id, name, program_id, partner_id, subject_type, subject_id, data, occurred_at, idempotency_key)
      SELECT e.id, e.name, e.program_id, e.partner_id, e.subject_type, e.subject_id, e.data::jsonb, e.occurred_at, e.idempotency_key
      FROM unnest(${events.map((e) => e.eventId)}::text[], ${events.map((e) => e.name)}::text[], ${events.map((e) => e.programId)}::text[],
        ${events.map((e) => e.partnerId ?? null)}::text[], ${events.map((e) => e.subject?.type ?? null)}::text[], ${events.map((e) => e.subject?.id ?? null)}::text[],
        ${events.map((e) => JSON.stringify(e.data ?? {}))}::text[], ${events.map((e) => (e.occurredAt ?? new Date()).toISOString())}::timestamptz[],
        ${events.map((e) => e.idempotencyKey)}::text[], ${events.map((e) => e.conversionId)}::text[])
        AS e(id, name, program_id, partner_id, subject_type, subject_id, data, occurred_at, idempotency_key, conversion_id)
      JOIN inserted ON inserted.id = e.conversion_id
      ON CONFLICT (idempotency_key) DO NOTHING
    )
    SELECT id, received_at AS "receivedAt" FROM inserted`;
}

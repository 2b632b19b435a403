import { Prisma } from '@partnerflow/db';
import type { DomainEventInput } from '@partnerflow/domain';
import { travelTypeOf, castFrom, INSERTED_COLUMNS, valueOf } from './conversion-columns';
import { jsonRecordset } from './json-recordset.sql';
import type { NewConversion, NewCustomerAttribution, NewShare } from './conversions.repository';

/** A bigint travels as text and is cast back by PostgreSQL: exact, whatever JSON does with large numbers. */
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

/** The conversions' rows keyed by column name, each value as valueOf gives it (text for timestamps and bigints). */
const conversionRows = (conversions: NewConversion[]) =>
  conversions.map((conversion) => Object.fromEntries(INSERTED_COLUMNS.map((column) => [column[1], valueOf(conversion, column)])));

const CONVERSION_RECORD = INSERTED_COLUMNS.map((column) => `${column[1]} ${travelTypeOf(column)}`).join(', ');

/**
 * A whole batch of conversions in one statement (one round trip, one commit): the rows — each
 * skipped when its business key exists — and, fed by the rows actually inserted, their shares, the
 * customers' first partners and the outbox rows (conversion.created). Data-modifying CTEs run
 * together in one snapshot, so it is atomic without a transaction round trip. Each table's rows
 * travel as one JSON parameter (jsonRecordset). Answers the ids inserted; a conversion missing
 * from the answer was already stored (a racing repeat).
 */
export function insertConversionsStatement(writes: ConversionWrite[]): Prisma.Sql {
  const conversions = writes.map((write) => write.conversion);
  const shares = writes.flatMap((write) =>
    write.shares.map((share) => ({
      conversion_id: write.conversion.id,
      touch_id: share.touchId,
      touch_kind: share.touchKind,
      partner_id: share.partnerId,
      share_ppm: share.sharePpm,
      amount_minor: bigintText(share.amountMinor),
    })),
  );
  const customers = writes.flatMap((write) =>
    write.customer && write.conversion.customerId !== null
      ? [{
          program_id: write.conversion.programId,
          customer_id: write.conversion.customerId,
          partner_id: write.customer.partnerId,
          conversion_id: write.conversion.id,
          attributed_at: write.customer.attributedAt.toISOString(),
        }]
      : [],
  );
  const events = writes.map(({ event: { id, input }, conversion }) => ({
    id,
    name: input.name,
    program_id: input.programId,
    partner_id: input.partnerId ?? null,
    subject_type: input.subject?.type ?? null,
    subject_id: input.subject?.id ?? null,
    data: input.data ?? {},
    occurred_at: (input.occurredAt ?? new Date()).toISOString(),
    idempotency_key: input.idempotencyKey,
    conversion_id: conversion.id,
  }));
  return Prisma.sql`
    WITH inserted AS (
      INSERT INTO conversions (${columnList(INSERTED_COLUMNS)})
      SELECT ${Prisma.raw(INSERTED_COLUMNS.map((column) => castFrom('c', column)).join(', '))}
      FROM ROWS FROM (${jsonRecordset(conversionRows(conversions), CONVERSION_RECORD)}) WITH ORDINALITY AS c(${columnList(INSERTED_COLUMNS)}, n)
      ORDER BY c.n
      ON CONFLICT (program_id, external_id, type) DO NOTHING
      RETURNING id, received_at
    ), shares AS (
      INSERT INTO conversion_shares (conversion_id, touch_id, touch_kind, partner_id, share_ppm, amount_minor)
      SELECT s.conversion_id, s.touch_id, s.touch_kind::"TouchKind", s.partner_id, s.share_ppm, s.amount_minor::bigint
      FROM ${jsonRecordset(shares, 'conversion_id text, touch_id text, touch_kind text, partner_id text, share_ppm int, amount_minor text', 's')}
      JOIN inserted ON inserted.id = s.conversion_id
    ), customer AS (
      INSERT INTO customer_attributions (program_id, customer_id, partner_id, conversion_id, attributed_at)
      SELECT a.program_id, a.customer_id, a.partner_id, a.conversion_id, a.attributed_at
      FROM ${jsonRecordset(customers, 'program_id text, customer_id text, partner_id text, conversion_id text, attributed_at timestamptz', 'a')}
      JOIN inserted ON inserted.id = a.conversion_id
      ON CONFLICT DO NOTHING
    ), event AS (
      INSERT INTO domain_events (id, name, program_id, partner_id, subject_type, subject_id, data, occurred_at, idempotency_key)
      SELECT e.id, e.name, e.program_id, e.partner_id, e.subject_type, e.subject_id, e.data, e.occurred_at, e.idempotency_key
      FROM ${jsonRecordset(events, 'id text, name text, program_id text, partner_id text, subject_type text, subject_id text, data jsonb, occurred_at timestamptz, idempotency_key text, conversion_id text', 'e')}
      JOIN inserted ON inserted.id = e.conversion_id
      ON CONFLICT (idempotency_key) DO NOTHING
    )
    SELECT id, received_at AS "receivedAt" FROM inserted`;
}
